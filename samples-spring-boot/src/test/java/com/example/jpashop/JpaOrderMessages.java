package com.example.jpashop;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The sample's commands and events, for the twin. */
public final class JpaOrderMessages {

    private JpaOrderMessages() {
    }

    public record PlaceOrder(@TargetAggregateIdentifier String orderId, String customer, String product,
                             int quantity) {
    }

    public record OrderPlaced(String orderId, String customer, String product, int quantity) {
    }
}
