package com.example.aggregates.testdomain;

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

    /** Fails with {@link OrderRuleViolation} ({@code (String, Throwable)} constructor only). */
    public record BreakRule(@TargetAggregateIdentifier String orderId) {
    }

    /** Fails with {@link LineLimitExceeded}, which has no constructor taking a message. */
    public record ExceedLimit(@TargetAggregateIdentifier String orderId, int limit) {
    }

    public static class OrderRuleViolation extends RuntimeException {
        public OrderRuleViolation(String message, Throwable cause) {
            super(message, cause);
        }
    }

    public static class LineLimitExceeded extends RuntimeException {
        public LineLimitExceeded(int limit) {
            super("At most " + limit + " lines");
        }
    }
}
