package com.example.samples.orders;

import com.example.samples.orders.OrderMessages.CancelOrder;
import com.example.samples.orders.OrderMessages.ConfirmOrder;
import com.example.samples.orders.OrderMessages.OrderCancelled;
import com.example.samples.orders.OrderMessages.OrderConfirmed;
import com.example.samples.orders.OrderMessages.OrderPlaced;
import com.example.samples.orders.OrderMessages.PlaceOrder;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/** An order: placed, then confirmed or cancelled, once. */
public class Order {

    /** Where an order stands. */
    public enum Status { PLACED, CONFIRMED, CANCELLED }

    @AggregateIdentifier
    private String orderId;
    private String sku;
    private int quantity;
    private long amount;
    private Status status;

    protected Order() {
    }

    @CommandHandler
    public Order(PlaceOrder command) {
        if (command.quantity() < 1 || command.amount() < 0) {
            throw new IllegalArgumentException("Order [" + command.orderId() + "]: quantity must be positive and "
                                                       + "amount not negative");
        }
        apply(new OrderPlaced(command.orderId(), command.walletId(), command.sku(), command.quantity(),
                              command.amount()));
    }

    @CommandHandler
    public void handle(ConfirmOrder command) {
        if (status == Status.PLACED) {
            apply(new OrderConfirmed(orderId, sku, quantity, amount));
        }
    }

    @CommandHandler
    public void handle(CancelOrder command) {
        if (status == Status.PLACED) {
            apply(new OrderCancelled(orderId, sku, command.reason()));
        }
    }

    @EventSourcingHandler
    void on(OrderPlaced event) {
        orderId = event.orderId();
        sku = event.sku();
        quantity = event.quantity();
        amount = event.amount();
        status = Status.PLACED;
    }

    @EventSourcingHandler
    void on(OrderConfirmed event) {
        status = Status.CONFIRMED;
    }

    @EventSourcingHandler
    void on(OrderCancelled event) {
        status = Status.CANCELLED;
    }

    public Status status() {
        return status;
    }
}
