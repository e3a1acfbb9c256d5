package com.example.testing.example;

public record OrderShipped(String orderId) {
}
