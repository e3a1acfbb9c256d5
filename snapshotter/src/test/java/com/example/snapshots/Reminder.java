package com.example.snapshots;

import dev.cairn.snapshots.SnapshotEvery;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * A test aggregate whose command handler takes an Axon component ({@link DeadlineManager}) as a parameter: only the
 * application's configuration resolves it.
 */
@SnapshotEvery(2)
public class Reminder {

    @AggregateIdentifier
    private String id;

    protected Reminder() {
    }

    @CommandHandler
    public Reminder(Open command) {
        apply(new Opened(command.id()));
    }

    @CommandHandler
    public void handle(Poke command, DeadlineManager deadlines) {
        apply(new Poked(id));
    }

    @EventSourcingHandler
    void on(Opened event) {
        this.id = event.id();
    }

    @EventSourcingHandler
    void on(Poked event) {
        // nothing to remember
    }

    public record Open(String id) {
    }

    public record Poke(@TargetAggregateIdentifier String id) {
    }

    public record Opened(String id) {
    }

    public record Poked(String id) {
    }
}
