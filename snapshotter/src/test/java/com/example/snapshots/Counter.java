package com.example.snapshots;

import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.serialization.Revision;

import java.util.List;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * A test aggregate whose state is fully determined by its events: the sum and number of increments.
 */
@Revision("2")
public class Counter {

    @AggregateIdentifier
    private String id;
    private long total;
    private long increments;

    protected Counter() {
    }

    @CommandHandler
    public Counter(Create command) {
        apply(new Created(command.id()));
    }

    @CommandHandler
    public void handle(Increment command) {
        apply(new Incremented(id, command.by()));
    }

    @EventSourcingHandler
    void on(Created event) {
        this.id = event.id();
    }

    @EventSourcingHandler
    void on(Incremented event) {
        total += event.by();
        increments++;
    }

    public String id() {
        return id;
    }

    public long total() {
        return total;
    }

    public long increments() {
        return increments;
    }

    /**
     * @return the state after the given events, applied in order (a full replay)
     */
    public static Counter replay(List<?> payloads) {
        Counter counter = new Counter();
        for (Object payload : payloads) {
            if (payload instanceof Created created) {
                counter.on(created);
            } else if (payload instanceof Incremented incremented) {
                counter.on(incremented);
            }
        }
        return counter;
    }

    public record Create(String id) {
    }

    public record Increment(@TargetAggregateIdentifier String id, long by) {
    }

    public record Created(String id) {
    }

    public record Incremented(String id, long by) {
    }
}
