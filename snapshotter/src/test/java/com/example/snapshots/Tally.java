package com.example.snapshots;

import dev.cairn.snapshots.SnapshotEvery;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * A test aggregate whose threshold comes only from its annotation.
 */
@SnapshotEvery(5)
public class Tally {

    @AggregateIdentifier
    private String id;
    private int marks;

    protected Tally() {
    }

    @CommandHandler
    public Tally(Open command) {
        apply(new Opened(command.id()));
    }

    @CommandHandler
    public void handle(Mark command) {
        apply(new Marked(id));
    }

    @EventSourcingHandler
    void on(Opened event) {
        this.id = event.id();
    }

    @EventSourcingHandler
    void on(Marked event) {
        marks++;
    }

    public record Open(String id) {
    }

    public record Mark(@TargetAggregateIdentifier String id) {
    }

    public record Opened(String id) {
    }

    public record Marked(String id) {
    }
}
