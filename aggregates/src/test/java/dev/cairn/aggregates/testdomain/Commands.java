package dev.cairn.aggregates.testdomain;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

public final class Commands {

    private Commands() {
    }

    public record PlaceOrder(String orderId, String customer) {
    }

    public record AddLine(@TargetAggregateIdentifier String orderId, String product, int quantity) {
    }

    public record ShipOrder(@TargetAggregateIdentifier String orderId) {
    }
}
