package com.example.testing.example;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record AddLine(@TargetAggregateIdentifier String orderId, String product, int quantity) {
}
