package com.example.boot.shop;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Commands and events of the tests' order aggregate. */
public final class ShopMessages {

    private ShopMessages() {
    }

    public record PlaceOrder(@TargetAggregateIdentifier String orderId, String customer) {
    }

    public record OrderPlaced(String orderId, String customer) {
    }
}
