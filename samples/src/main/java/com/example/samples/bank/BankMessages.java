package com.example.samples.bank;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * The commands and events of the bank sample.
 */
public final class BankMessages {

    private BankMessages() {
    }

    public record OpenAccount(@TargetAggregateIdentifier String accountId, long balance) {
    }

    /** Moves money between two accounts in one atomic commit; clients send it with an idempotency key. */
    public record TransferMoney(String transferId, String from, String to, long amount) {
    }

    public record AccountOpened(String accountId, long balance) {
    }

    public record MoneyDebited(String accountId, String transferId, String to, long amount) {
    }

    public record MoneyCredited(String accountId, String transferId, String from, long amount) {
    }

    /** The source account's balance is short. */
    public static class InsufficientFundsException extends RuntimeException {
        public InsufficientFundsException(String message) {
            super(message);
        }
    }
}
