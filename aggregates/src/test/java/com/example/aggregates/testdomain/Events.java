package com.example.aggregates.testdomain;

public final class Events {

    private Events() {
    }

    public record OrderPlaced(String orderId, String customer) {
    }

    public record LineAdded(String orderId, String lineId, String product, int quantity) {
    }

    public record OrderShipped(String orderId) {
    }
}
