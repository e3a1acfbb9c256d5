package com.example.boot.shop;

import com.example.boot.shop.ShopMessages.OrderPlaced;
import com.example.boot.shop.ShopMessages.PlaceOrder;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.AggregateLifecycle;
import org.axonframework.spring.stereotype.Aggregate;

/** An event-sourced aggregate declared the Axon way: {@code @Aggregate}, picked up by Axon's Spring support. */
@Aggregate
public class Order {

    @AggregateIdentifier
    private String orderId;
    private String customer;

    protected Order() {
    }

    @CommandHandler
    public Order(PlaceOrder command) {
        AggregateLifecycle.apply(new OrderPlaced(command.orderId(), command.customer()));
    }

    @EventSourcingHandler
    void on(OrderPlaced event) {
        this.orderId = event.orderId();
        this.customer = event.customer();
    }

    public String customer() {
        return customer;
    }
}
