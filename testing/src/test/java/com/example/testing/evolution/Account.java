package com.example.testing.evolution;

import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.serialization.Revision;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * The aggregate of the "Evolving events" example: it only knows the current event types. Revision 2 since balances
 * are kept in cents: snapshots of revision 1 held euros and must not be loaded.
 */
@Revision("2")
public class Account {

    @AggregateIdentifier
    private String accountId;
    private String currency;
    private long balanceInCents;
    private long feesInCents;

    protected Account() {
        // for Axon
    }

    @CommandHandler
    public Account(AccountCommands.Open command) {
        apply(new AccountOpened(command.accountId(), command.owner(), command.currency()));
    }

    @CommandHandler
    public void handle(AccountCommands.Deposit command) {
        apply(new Deposited(command.accountId(), command.amountInCents()));
    }

    @CommandHandler
    public void handle(AccountCommands.Withdraw command) {
        if (command.amountInCents() > balanceInCents) {
            throw new IllegalStateException("Insufficient funds on " + accountId);
        }
        apply(new Withdrawn(command.accountId(), command.amountInCents()));
    }

    @EventSourcingHandler
    void on(AccountOpened event) {
        accountId = event.accountId();
        currency = event.currency();
    }

    @EventSourcingHandler
    void on(Deposited event) {
        balanceInCents += event.amountInCents();
    }

    @EventSourcingHandler
    void on(Withdrawn event) {
        balanceInCents -= event.amountInCents();
    }

    @EventSourcingHandler
    void on(FeeCharged event) {
        balanceInCents -= event.feeInCents();
        feesInCents += event.feeInCents();
    }

    public String currency() {
        return currency;
    }

    public long balanceInCents() {
        return balanceInCents;
    }

    public long feesInCents() {
        return feesInCents;
    }
}
