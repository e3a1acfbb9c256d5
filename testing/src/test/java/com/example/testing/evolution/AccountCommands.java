package com.example.testing.evolution;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Commands of the "Evolving events" example.
 */
public final class AccountCommands {

    private AccountCommands() {
    }

    public record Open(@TargetAggregateIdentifier String accountId, String owner, String currency) {
    }

    public record Deposit(@TargetAggregateIdentifier String accountId, long amountInCents) {
    }

    public record Withdraw(@TargetAggregateIdentifier String accountId, long amountInCents) {
    }
}
