package dev.cairn.testing.example;

public record PlaceOrder(String orderId, String customer) {
}
