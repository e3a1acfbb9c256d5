package com.example.shop;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * The commands and events of the test shop: orders, inventory per SKU, and wallets.
 */
public final class Shop {

    private Shop() {
    }

    public record PlaceOrder(@TargetAggregateIdentifier String orderId, String walletId, String sku, int quantity,
                             long amount, long paymentTimeoutMillis) {
    }

    public record ConfirmOrder(@TargetAggregateIdentifier String orderId) {
    }

    public record CancelOrder(@TargetAggregateIdentifier String orderId, String reason) {
    }

    public record OrderPlaced(String orderId, String walletId, String sku, int quantity, long amount,
                              long paymentTimeoutMillis) {
    }

    public record OrderConfirmed(String orderId) {
    }

    public record OrderCancelled(String orderId, String reason) {
    }

    public record StockInventory(@TargetAggregateIdentifier String sku, int units) {
    }

    public record ReserveStock(@TargetAggregateIdentifier String sku, String orderId, int quantity) {
    }

    public record ReleaseStock(@TargetAggregateIdentifier String sku, String orderId) {
    }

    public record InventoryStocked(String sku, int units) {
    }

    public record StockReserved(String sku, String orderId, int quantity) {
    }

    public record StockReleased(String sku, String orderId, int quantity) {
    }

    public record OpenWallet(@TargetAggregateIdentifier String walletId, long balance, boolean frozen) {
    }

    public record ChargeWallet(@TargetAggregateIdentifier String walletId, String orderId, long amount) {
    }

    public record VoidPayment(@TargetAggregateIdentifier String walletId, String orderId) {
    }

    public record WalletOpened(String walletId, long balance, boolean frozen) {
    }

    /** A frozen wallet's provider never answers: the charge stays pending. */
    public record PaymentPending(String walletId, String orderId, long amount) {
    }

    public record WalletCharged(String walletId, String orderId, long amount) {
    }

    public record PaymentDeclined(String walletId, String orderId, long amount) {
    }

    public record WalletRefunded(String walletId, String orderId, long amount) {
    }

    public record PaymentVoided(String walletId, String orderId) {
    }

    /** The payload of the order saga's payment deadline. */
    public record PaymentTimeout(String orderId) {
    }

    /** Not enough units of a SKU to reserve. */
    public static class OutOfStockException extends RuntimeException {
        public OutOfStockException(String message) {
            super(message);
        }
    }
}
