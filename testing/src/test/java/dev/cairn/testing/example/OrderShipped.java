package dev.cairn.testing.example;

public record OrderShipped(String orderId) {
}
