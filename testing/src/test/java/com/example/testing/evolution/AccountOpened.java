package com.example.testing.evolution;

/**
 * Case 1, a field added: events stored before {@code currency} existed read with {@code null} there, and the compact
 * constructor supplies the default. No upcaster, no new revision.
 */
public record AccountOpened(String accountId, String owner, String currency) {

    public AccountOpened {
        currency = currency == null ? "EUR" : currency;
    }
}
