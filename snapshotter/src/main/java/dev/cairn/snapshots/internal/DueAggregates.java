package dev.cairn.snapshots.internal;

import dev.cairn.aggregates.SnapshotPolicy;
import dev.cairn.eventstore.mongo.SnapshotCatalog;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Finds the aggregates of a batch of events that are due for a snapshot: those of a snapshotted class whose last event
 * in the batch is at least the class's threshold past their current-revision snapshot (or past the start, without
 * one). The batch's existing snapshots are looked up with one query.
 */
public final class DueAggregates {

    private final SnapshotPolicy policy;
    private final AggregateTypes types;
    private final SnapshotCatalog snapshots;

    public DueAggregates(SnapshotPolicy policy, SnapshotCatalog snapshots) {
        this.policy = policy;
        this.types = new AggregateTypes(policy.snapshottedTypes());
        this.snapshots = snapshots;
    }

    /**
     * @return the class of each due aggregate, by aggregate identifier, in the order the batch first names them
     */
    public Map<String, Class<?>> in(List<? extends EventMessage<?>> batch) {
        Map<String, Class<?>> typeOf = new LinkedHashMap<>();
        Map<String, Long> lastSequence = new HashMap<>();
        for (EventMessage<?> event : batch) {
            if (event instanceof DomainEventMessage<?> domainEvent && domainEvent.getAggregateIdentifier() != null) {
                Class<?> type = types.classOf(domainEvent.getType());
                if (type != null) {
                    typeOf.put(domainEvent.getAggregateIdentifier(), type);
                    lastSequence.merge(domainEvent.getAggregateIdentifier(), domainEvent.getSequenceNumber(),
                                       Math::max);
                }
            }
        }
        if (typeOf.isEmpty()) {
            return typeOf;
        }
        Map<String, Long> snapshotSequence = currentSnapshots(typeOf);
        Map<String, Class<?>> due = new LinkedHashMap<>();
        typeOf.forEach((aggregateIdentifier, type) -> {
            long since = lastSequence.get(aggregateIdentifier) - snapshotSequence.getOrDefault(aggregateIdentifier, -1L);
            if (since >= policy.thresholdOf(type).orElseThrow()) {
                due.put(aggregateIdentifier, type);
            }
        });
        return due;
    }

    /** @return sequence number of the usable (current-revision) snapshot per aggregate of the batch */
    private Map<String, Long> currentSnapshots(Map<String, Class<?>> typeOf) {
        Map<String, Long> result = new HashMap<>();
        snapshots.find(typeOf.keySet()).forEach((aggregateIdentifier, snapshot) -> {
            Class<?> type = typeOf.get(aggregateIdentifier);
            if (type != null && Objects.equals(snapshot.revision(), AggregateTypes.revision(type))) {
                result.put(aggregateIdentifier, snapshot.sequenceNumber());
            }
        });
        return result;
    }
}
