package com.example.boot.stray;

/** An event type outside the shop application's packages: stored only when {@code cairn.allowed-packages} names it. */
public record StrayEvent(String note) {
}
