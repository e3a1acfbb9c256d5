package com.example.sagas.failing;

import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.common.AxonNonTransientException;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.annotation.DeadlineHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * A rented locker whose expiry deadline fails with an {@link AxonNonTransientException}: Axon
 * wraps what an aggregate's deadline handler throws in a {@code MessageHandlerInvocationException}, so the
 * non-transient failure is only the cause of what the deadline manager sees.
 */
public class Locker {

    /** Every run of the expiry handler, by locker. */
    public static final List<String> EXPIRIES = new CopyOnWriteArrayList<>();

    @AggregateIdentifier
    private String lockerId;

    protected Locker() {
    }

    @CommandHandler
    public Locker(Rent command) {
        apply(new Rented(command.lockerId()));
    }

    // scheduled from a loaded aggregate: in its constructor the aggregate has no scope to schedule in yet
    @CommandHandler
    void handle(StartExpiry command, DeadlineManager deadlines) {
        deadlines.schedule(Duration.ofMillis(100), "expiry", new Expiry(lockerId));
    }

    @EventSourcingHandler
    void on(Rented event) {
        lockerId = event.lockerId();
    }

    @DeadlineHandler(deadlineName = "expiry")
    void on(Expiry expiry) {
        EXPIRIES.add(lockerId);
        throw new LockerGone(lockerId);
    }

    /** Rents a locker. */
    public record Rent(@TargetAggregateIdentifier String lockerId) {
    }

    /** Schedules the locker's expiry, 100 ms from now. */
    public record StartExpiry(@TargetAggregateIdentifier String lockerId) {
    }

    /** A locker was rented. */
    public record Rented(String lockerId) {
    }

    /** The payload of the expiry deadline. */
    public record Expiry(String lockerId) {
    }

    /** A failure no retry can mend. */
    public static class LockerGone extends AxonNonTransientException {

        public LockerGone(String lockerId) {
            super("locker " + lockerId + " is gone");
        }
    }
}
