package com.example.jpashop;

import com.example.jpashop.JpaOrderMessages.OrderPlaced;
import com.example.jpashop.JpaOrderMessages.PlaceOrder;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.AggregateLifecycle;
import org.axonframework.spring.stereotype.Aggregate;

/** The sample's order, event-sourced from Axon's JPA event store. */
@Aggregate
public class JpaOrder {

    @AggregateIdentifier
    private String orderId;

    protected JpaOrder() {
    }

    @CommandHandler
    public JpaOrder(PlaceOrder command) {
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
