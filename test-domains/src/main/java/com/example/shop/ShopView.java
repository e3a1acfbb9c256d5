package com.example.shop;

import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;

import java.util.List;

/**
 * Reads the test shop's aggregates back from the event store, for assertions.
 */
public final class ShopView {

    public record OrderState(String status, String reason) {
    }

    public record WalletState(long balance, int charges, int refunds, int pendingVoided) {
    }

    public record InventoryState(int available, int reserved) {
    }

    private final EventStore events;

    public ShopView(EventStore events) {
        this.events = events;
    }

    private List<Object> payloads(String aggregateId) {
        return events.readEvents(aggregateId).asStream().map(EventMessage::getPayload).map(Object.class::cast).toList();
    }

    public OrderState order(String orderId) {
        String status = null;
        String reason = null;
        for (Object event : payloads(orderId)) {
            if (event instanceof Shop.OrderPlaced) {
                status = "PLACED";
            } else if (event instanceof Shop.OrderConfirmed) {
                status = "CONFIRMED";
            } else if (event instanceof Shop.OrderCancelled cancelled) {
                status = "CANCELLED";
                reason = cancelled.reason();
            }
        }
        return new OrderState(status, reason);
    }

    public WalletState wallet(String walletId) {
        long balance = 0;
        int charges = 0;
        int refunds = 0;
        int voided = 0;
        for (Object event : payloads(walletId)) {
            if (event instanceof Shop.WalletOpened opened) {
                balance = opened.balance();
            } else if (event instanceof Shop.WalletCharged charged) {
                balance -= charged.amount();
                charges++;
            } else if (event instanceof Shop.WalletRefunded refunded) {
                balance += refunded.amount();
                refunds++;
            } else if (event instanceof Shop.PaymentVoided) {
                voided++;
            }
        }
        return new WalletState(balance, charges, refunds, voided);
    }

    public InventoryState inventory(String sku) {
        int available = 0;
        int reserved = 0;
        for (Object event : payloads(sku)) {
            if (event instanceof Shop.InventoryStocked stocked) {
                available = stocked.units();
            } else if (event instanceof Shop.StockReserved r) {
                available -= r.quantity();
                reserved += r.quantity();
            } else if (event instanceof Shop.StockReleased r) {
                available += r.quantity();
                reserved -= r.quantity();
            }
        }
        return new InventoryState(available, reserved);
    }
}
