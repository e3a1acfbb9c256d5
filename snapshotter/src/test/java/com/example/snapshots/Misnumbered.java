package com.example.snapshots;

import dev.cairn.snapshots.SnapshotEvery;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * A test aggregate whose {@link SnapshotEvery} is not a valid threshold.
 */
@SnapshotEvery(0)
public class Misnumbered {

    @AggregateIdentifier
    private String id;

    protected Misnumbered() {
    }

    @CommandHandler
    public Misnumbered(Open command) {
        apply(new Opened(command.id()));
    }

    @EventSourcingHandler
    void on(Opened event) {
        this.id = event.id();
    }

    public record Open(String id) {
    }

    public record Opened(String id) {
    }
}
