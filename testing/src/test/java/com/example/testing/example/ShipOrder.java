package com.example.testing.example;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record ShipOrder(@TargetAggregateIdentifier String orderId) {
}
