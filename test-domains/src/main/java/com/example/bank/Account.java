package com.example.bank;

import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

public class Account {

    @AggregateIdentifier
    private String accountId;
    private long balance;

    protected Account() {
    }

    @CommandHandler
    public Account(Bank.OpenAccount command) {
        apply(new Bank.AccountOpened(command.accountId()));
    }

    @CommandHandler
    public long handle(Bank.Deposit command) {
        apply(new Bank.MoneyDeposited(accountId, command.amount()));
        return balance;
    }

    @EventSourcingHandler
    void on(Bank.AccountOpened event) {
        accountId = event.accountId();
    }

    @EventSourcingHandler
    void on(Bank.MoneyDeposited event) {
        balance += event.amount();
    }
}
