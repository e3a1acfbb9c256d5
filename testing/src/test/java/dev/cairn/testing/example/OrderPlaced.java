package dev.cairn.testing.example;

public record OrderPlaced(String orderId, String customer) {
}
