package com.example.shop;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The orders domain's commands and events: immutable records. */
public final class OrderMessages {

    private OrderMessages() {
    }

    public record PlaceOrder(@TargetAggregateIdentifier String orderId, String customer, String product,
                             int quantity) {
    }

    public record OrderPlaced(String orderId, String customer, String product, int quantity) {
    }
}
