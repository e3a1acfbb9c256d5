package com.example.samples.orders;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * The commands and events of the orders sample: orders, stock per SKU, and customers' wallets.
 */
public final class OrderMessages {

    private OrderMessages() {
    }

    // orders
    public record PlaceOrder(@TargetAggregateIdentifier String orderId, String walletId, String sku, int quantity,
                             long amount) {
    }

    public record ConfirmOrder(@TargetAggregateIdentifier String orderId) {
    }

    public record CancelOrder(@TargetAggregateIdentifier String orderId, String reason) {
    }

    public record OrderPlaced(String orderId, String walletId, String sku, int quantity, long amount) {
    }

    public record OrderConfirmed(String orderId, String sku, int quantity, long amount) {
    }

    public record OrderCancelled(String orderId, String sku, String reason) {
    }

    // inventory
    public record StockSku(@TargetAggregateIdentifier String sku, int units) {
    }

    public record ReserveStock(@TargetAggregateIdentifier String sku, String orderId, int quantity) {
    }

    public record ReleaseStock(@TargetAggregateIdentifier String sku, String orderId) {
    }

    public record SellStock(@TargetAggregateIdentifier String sku, String orderId) {
    }

    public record SkuStocked(String sku, int units) {
    }

    public record StockReserved(String sku, String orderId, int quantity) {
    }

    public record StockReleased(String sku, String orderId, int quantity) {
    }

    public record StockSold(String sku, String orderId, int quantity) {
    }

    // wallets
    /**
     * @param answers whether the wallet's payment provider answers; one that does not leaves charges pending until the
     *                order saga's payment deadline passes
     */
    public record OpenWallet(@TargetAggregateIdentifier String walletId, long balance, boolean answers) {
    }

    public record ChargeWallet(@TargetAggregateIdentifier String walletId, String orderId, long amount) {
    }

    public record VoidPayment(@TargetAggregateIdentifier String walletId, String orderId) {
    }

    public record WalletOpened(String walletId, long balance, boolean answers) {
    }

    public record WalletCharged(String walletId, String orderId, long amount) {
    }

    public record PaymentDeclined(String walletId, String orderId, long amount) {
    }

    public record PaymentPending(String walletId, String orderId, long amount) {
    }

    public record PaymentRefunded(String walletId, String orderId, long amount) {
    }

    public record PaymentVoided(String walletId, String orderId) {
    }

    /** The payload of the order saga's payment deadline. */
    public record PaymentTimedOut(String orderId) {
    }

    /** Not enough units of a SKU. */
    public static class OutOfStockException extends RuntimeException {
        public OutOfStockException(String message) {
            super(message);
        }
    }
}
