package dev.cairn.cli.testapp;

import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

public class Account {

    @AggregateIdentifier
    private String accountId;

    protected Account() {
    }

    @CommandHandler
    public Account(Bank.OpenAccount command) {
        apply(new Bank.AccountOpened(command.accountId()));
    }

    @CommandHandler
    public void handle(Bank.Deposit command) {
        apply(new Bank.MoneyDeposited(accountId, command.amount()));
    }

    @EventSourcingHandler
    void on(Bank.AccountOpened event) {
        accountId = event.accountId();
    }
}
