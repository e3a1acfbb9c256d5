package com.example.boot.ledger;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Commands and events of the ledger tests. */
public final class LedgerMessages {

    private LedgerMessages() {
    }

    public record Deposit(@TargetAggregateIdentifier String accountId, long amount) {
    }

    public record Deposited(String accountId, long amount) {
    }

    public record Charge(@TargetAggregateIdentifier String cardId, long amount) {
    }

    public record Charged(String cardId, long amount) {
    }

    /** Schedules a reminder deadline on the card, whose handler always refuses (for parked-deadline tests). */
    public record Remind(@TargetAggregateIdentifier String cardId) {
    }
}
