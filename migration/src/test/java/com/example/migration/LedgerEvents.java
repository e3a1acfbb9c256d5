package com.example.migration;

import java.math.BigDecimal;

/** The events of {@link Ledger}. */
public final class LedgerEvents {

    private LedgerEvents() {
    }

    public record Opened(String ledgerId, String owner) {
    }

    public record Booked(String ledgerId, BigDecimal amount, String note) {
    }
}
