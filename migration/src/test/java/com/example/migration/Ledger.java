package com.example.migration;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * The aggregate of the migration tests' application: its state (balance with cents, count, notes in order) shows
 * whether every event arrived, in order, with its exact payload. Snapshots of it are the aggregate itself.
 */
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY, getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE)
public class Ledger {

    @AggregateIdentifier
    private String ledgerId;
    private String owner;
    private BigDecimal balance = BigDecimal.ZERO;
    private long entries;
    private List<String> notes = new ArrayList<>();

    protected Ledger() {
    }

    public Ledger(String ledgerId, String owner) {
        apply(new LedgerEvents.Opened(ledgerId, owner));
    }

    public void book(BigDecimal amount, String note) {
        apply(new LedgerEvents.Booked(ledgerId, amount, note));
    }

    @EventSourcingHandler
    void on(LedgerEvents.Opened event) {
        ledgerId = event.ledgerId();
        owner = event.owner();
    }

    @EventSourcingHandler
    void on(LedgerEvents.Booked event) {
        balance = balance.add(event.amount());
        entries++;
        notes.add(event.note());
    }

    /** @return the whole state, to compare two loads of the same ledger */
    public String state() {
        return ledgerId + "|" + owner + "|" + balance.toPlainString() + "|" + entries + "|" + notes;
    }
}
