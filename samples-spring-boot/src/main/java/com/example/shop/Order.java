package com.example.shop;

import com.example.shop.OrderMessages.OrderPlaced;
import com.example.shop.OrderMessages.PlaceOrder;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.AggregateLifecycle;
import org.axonframework.spring.stereotype.Aggregate;

/** An order, event-sourced from Cairn's event store. */
@Aggregate
public class Order {

    @AggregateIdentifier
    private String orderId;

    protected Order() {
    }

    @CommandHandler
    public Order(PlaceOrder command) {
        if (command.quantity() <= 0) {
            throw new IllegalArgumentException("The quantity must be positive, was " + command.quantity());
        }
        AggregateLifecycle.apply(new OrderPlaced(command.orderId(), command.customer(), command.product(),
                                                 command.quantity()));
    }

    @EventSourcingHandler
    void on(OrderPlaced event) {
        this.orderId = event.orderId();
    }
}
