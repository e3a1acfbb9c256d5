package com.example.testing.example;

public record PlaceOrder(String orderId, String customer) {
}
