package dev.cairn.eventstore.mongo;

import org.axonframework.eventhandling.DomainEventMessage;

import java.util.Map;

/**
 * Whose aggregate a snapshot is, for a store that several owners share (ADR 85: the tenants of a shared store). A
 * snapshot built by Axon carries no metadata, so the owner of the aggregate, which its events carry, would be lost: with
 * a scope, {@link MongoEventStorageEngine} stores each snapshot with the entries {@link #carried} takes from the last
 * event it covers (one point read per snapshot stored), and uses a stored snapshot only when {@link #usable} says so;
 * otherwise the aggregate is loaded from its events, as when a snapshot cannot be read. Set with
 * {@code MongoEventStorageEngine.Builder.snapshotScope(...)}; none by default.
 * <p>
 * The entries are stored in the snapshot's {@code metaData}, beside the fields every release writes: an engine without a
 * scope (an older node) reads such a snapshot as before and ignores them, and a scope decides what a snapshot lacking
 * them (written by an older node) is worth.
 */
public interface SnapshotScope {

    /**
     * @param lastCovered the aggregate's event at the snapshot's sequence number, as the event store reads it
     * @return the metadata entries the snapshot is stored with, taken from that event; empty for none
     */
    Map<String, ?> carried(DomainEventMessage<?> lastCovered);

    /**
     * Called on the loading thread (inside the command's unit of work when a command loads the aggregate).
     *
     * @param snapshot the stored snapshot, with the metadata it was stored with
     * @return whether the load running now may start from it; {@code false} loads the aggregate from its events
     */
    boolean usable(DomainEventMessage<?> snapshot);
}
