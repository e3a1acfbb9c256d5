package com.example.bank;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * The commands and events of the test bank, shared by the modules' tests.
 */
public final class Bank {

    private Bank() {
    }

    public record OpenAccount(String accountId) {
    }

    public record Deposit(@TargetAggregateIdentifier String accountId, long amount) {
    }

    public record AccountOpened(String accountId) {
    }

    public record MoneyDeposited(String accountId, long amount) {
    }
}
