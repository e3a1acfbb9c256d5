package com.example.samples.bank;

import com.example.samples.bank.BankMessages.AccountOpened;
import com.example.samples.bank.BankMessages.InsufficientFundsException;
import com.example.samples.bank.BankMessages.MoneyCredited;
import com.example.samples.bank.BankMessages.MoneyDebited;
import com.example.samples.bank.BankMessages.OpenAccount;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/** A bank account; its balance never goes below zero. */
public class Account {

    @AggregateIdentifier
    private String accountId;
    private long balance;

    protected Account() {
    }

    @CommandHandler
    public Account(OpenAccount command) {
        if (command.balance() < 0) {
            throw new IllegalArgumentException("Account [" + command.accountId() + "]: opening balance is negative");
        }
        apply(new AccountOpened(command.accountId(), command.balance()));
    }

    void debit(String transferId, String to, long amount) {
        if (amount > balance) {
            throw new InsufficientFundsException("Account [" + accountId + "] holds " + balance + ", transfer ["
                                                         + transferId + "] needs " + amount);
        }
        apply(new MoneyDebited(accountId, transferId, to, amount));
    }

    void credit(String transferId, String from, long amount) {
        apply(new MoneyCredited(accountId, transferId, from, amount));
    }

    @EventSourcingHandler
    void on(AccountOpened event) {
        accountId = event.accountId();
        balance = event.balance();
    }

    @EventSourcingHandler
    void on(MoneyDebited event) {
        balance -= event.amount();
    }

    @EventSourcingHandler
    void on(MoneyCredited event) {
        balance += event.amount();
    }

    public long balance() {
        return balance;
    }
}
