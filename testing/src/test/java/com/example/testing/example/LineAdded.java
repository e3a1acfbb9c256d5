package com.example.testing.example;

public record LineAdded(String orderId, String product, int quantity) {
}
