package dev.cairn.eventstore.mongo;

import java.time.Instant;

/**
 * What the snapshot collection holds about one aggregate's snapshot, without its payload.
 *
 * @param aggregateIdentifier the aggregate
 * @param aggregateType       Axon's type name of the aggregate
 * @param sequenceNumber      the sequence number of the last event the snapshot covers
 * @param revision            the {@code @Revision} of the aggregate class it was taken with, {@code null} without one
 * @param timestamp           when it was taken
 */
public record StoredSnapshot(String aggregateIdentifier, String aggregateType, long sequenceNumber, String revision,
                             Instant timestamp) {
}
