package com.example.testing.example;

import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

public class Order {

    @AggregateIdentifier
    private String orderId;
    private final Map<String, Integer> quantities = new LinkedHashMap<>();
    private boolean shipped;

    protected Order() {
        // for Axon and for snapshots
    }

    @CommandHandler
    public Order(PlaceOrder command) {
        apply(new OrderPlaced(command.orderId(), command.customer()));
    }

    @CommandHandler
    public int handle(AddLine command) {
        if (shipped) {
            throw new IllegalStateException("Order " + orderId + " is already shipped");
        }
        if (command.quantity() < 1) {
            throw new IllegalArgumentException("The quantity must be positive, was " + command.quantity());
        }
        apply(new LineAdded(orderId, command.product(), command.quantity()));
        return quantities.get(command.product());
    }

    @CommandHandler
    public void handle(ShipOrder command) {
        if (quantities.isEmpty()) {
            throw new IllegalStateException("Order " + orderId + " has no lines");
        }
        if (!shipped) {
            apply(new OrderShipped(orderId));
        }
    }

    @EventSourcingHandler
    void on(OrderPlaced event) {
        this.orderId = event.orderId();
    }

    @EventSourcingHandler
    void on(LineAdded event) {
        quantities.merge(event.product(), event.quantity(), Integer::sum);
    }

    @EventSourcingHandler
    void on(OrderShipped event) {
        this.shipped = true;
    }

    public Map<String, Integer> quantities() {
        return quantities;
    }

    public boolean shipped() {
        return shipped;
    }
}
