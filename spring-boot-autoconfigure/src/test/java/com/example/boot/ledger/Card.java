package com.example.boot.ledger;

import com.example.boot.ledger.LedgerMessages.Charge;
import com.example.boot.ledger.LedgerMessages.Charged;
import com.example.boot.ledger.LedgerMessages.Remind;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.annotation.DeadlineHandler;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.AggregateLifecycle;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

import java.time.Duration;

/** A card without an annotation: snapshotted only when a property gives it (or every aggregate) a threshold. */
@Aggregate
public class Card {

    @AggregateIdentifier
    private String cardId;
    private long spent;

    protected Card() {
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public void handle(Charge command) {
        AggregateLifecycle.apply(new Charged(command.cardId(), command.amount()));
    }

    @CommandHandler
    public void handle(Remind command, DeadlineManager deadlines) {
        deadlines.schedule(Duration.ZERO, "reminder");
    }

    /** Always refuses: the deadline fails on every attempt. */
    @DeadlineHandler(deadlineName = "reminder")
    void remind() {
        throw new IllegalStateException("Card [" + cardId + "] refuses reminders");
    }

    @EventSourcingHandler
    void on(Charged event) {
        this.cardId = event.cardId();
        this.spent += event.amount();
    }

    public String getCardId() {
        return cardId;
    }

    public void setCardId(String cardId) {
        this.cardId = cardId;
    }

    public long getSpent() {
        return spent;
    }

    public void setSpent(long spent) {
        this.spent = spent;
    }
}
