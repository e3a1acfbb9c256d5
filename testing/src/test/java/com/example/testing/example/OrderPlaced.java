package com.example.testing.example;

public record OrderPlaced(String orderId, String customer) {
}
