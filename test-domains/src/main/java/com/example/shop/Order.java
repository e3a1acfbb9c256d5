package com.example.shop;

import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

public class Order {

    public enum Status { PLACED, CONFIRMED, CANCELLED }

    @AggregateIdentifier
    private String orderId;
    private Status status;

    protected Order() {
    }

    @CommandHandler
    public Order(Shop.PlaceOrder command) {
        apply(new Shop.OrderPlaced(command.orderId(), command.walletId(), command.sku(), command.quantity(),
                                   command.amount(), command.paymentTimeoutMillis()));
    }

    @CommandHandler
    public void handle(Shop.ConfirmOrder command) {
        if (status == Status.CANCELLED) {
            throw new IllegalStateException("Order [" + orderId + "] is cancelled");
        }
        if (status == Status.PLACED) {
            apply(new Shop.OrderConfirmed(orderId));
        }
    }

    @CommandHandler
    public void handle(Shop.CancelOrder command) {
        if (status == Status.CONFIRMED) {
            throw new IllegalStateException("Order [" + orderId + "] is confirmed");
        }
        if (status == Status.PLACED) {
            apply(new Shop.OrderCancelled(orderId, command.reason()));
        }
    }

    @EventSourcingHandler
    void on(Shop.OrderPlaced event) {
        orderId = event.orderId();
        status = Status.PLACED;
    }

    @EventSourcingHandler
    void on(Shop.OrderConfirmed event) {
        status = Status.CONFIRMED;
    }

    @EventSourcingHandler
    void on(Shop.OrderCancelled event) {
        status = Status.CANCELLED;
    }
}
