package dev.cairn.processing;

import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;

import java.util.List;

/**
 * Axon's {@link EmbeddedEventStore} whose shared reader can be told to look for new events now, instead of at its
 * next poll ({@code fetchDelay}). Axon wakes it only when this process commits; {@link #fetchNow()} lets a
 * {@link dev.cairn.eventstore.mongo.CommitDoorbell} wake it for other processes' commits too (ADR 83).
 */
public class WakeableEventStore extends EmbeddedEventStore {

    /**
     * @param builder Axon's builder of the embedded event store, with its defaults (validated here, as Axon's own
     *                constructor does)
     */
    protected WakeableEventStore(EmbeddedEventStore.Builder builder) {
        super(builder);
    }

    /** @return a builder with the defaults of Axon's {@link EmbeddedEventStore#builder()}; a storage engine is required */
    public static Builder builder() {
        return new Builder();
    }

    /** Makes the shared reader query the storage engine at once if it is waiting for its next poll. */
    public void fetchNow() {
        afterCommit(List.of());
    }

    /** Builds a {@link WakeableEventStore}; every option is Axon's {@link EmbeddedEventStore.Builder}'s. */
    public static class Builder extends EmbeddedEventStore.Builder {

        @Override
        public WakeableEventStore build() {
            return new WakeableEventStore(this);
        }
    }
}
