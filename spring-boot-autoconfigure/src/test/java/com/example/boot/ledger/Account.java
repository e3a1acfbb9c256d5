package com.example.boot.ledger;

import com.example.boot.ledger.LedgerMessages.Deposit;
import com.example.boot.ledger.LedgerMessages.Deposited;
import dev.cairn.snapshots.SnapshotEvery;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.AggregateLifecycle;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

/** An account snapshotted every 3 events by its annotation, unless a property says otherwise. */
@Aggregate
@SnapshotEvery(3)
public class Account {

    @AggregateIdentifier
    private String accountId;
    private long balance;

    protected Account() {
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public void handle(Deposit command) {
        AggregateLifecycle.apply(new Deposited(command.accountId(), command.amount()));
    }

    @EventSourcingHandler
    void on(Deposited event) {
        this.accountId = event.accountId();
        this.balance += event.amount();
    }

    public long getBalance() {
        return balance;
    }

    public String getAccountId() {
        return accountId;
    }

    public void setAccountId(String accountId) {
        this.accountId = accountId;
    }

    public void setBalance(long balance) {
        this.balance = balance;
    }
}
