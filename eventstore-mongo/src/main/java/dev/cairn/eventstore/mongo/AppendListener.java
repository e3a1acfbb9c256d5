package dev.cairn.eventstore.mongo;

import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.DomainEventMessage;

import java.time.Duration;
import java.util.List;

/**
 * Told by {@link MongoEventStorageEngine} what its appends did, for meters (see {@code dev.cairn.aggregates.CairnMeters}).
 * Called on the appending thread after the outcome is known; implementations must be quick and must not throw.
 */
public interface AppendListener {

    /**
     * A commit was stored.
     *
     * @param events the events of the commit, in order
     * @param took   from the start of the append to its acknowledgement (group commit wait included)
     */
    void appended(List<? extends EventMessage<?>> events, Duration took);

    /**
     * A commit was refused because another one had stored an event at one of its aggregates' sequence numbers (Axon's
     * {@code ConcurrencyException}); nothing of it was stored.
     */
    default void conflicted(List<? extends EventMessage<?>> events) {
    }

    /** A snapshot was stored. */
    default void snapshotStored(DomainEventMessage<?> snapshot) {
    }
}
