package dev.cairn.snapshots;

import dev.cairn.aggregates.SnapshotPolicy;
import dev.cairn.eventstore.mongo.SnapshotCatalog;
import dev.cairn.snapshots.internal.AggregateTypes;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Operations on the snapshots of an event store, for operators (and the operations CLI). Obtain it from
 * {@link CairnSnapshots#housekeeping()} once the application is started.
 * <p>
 * It asks the event store's {@link SnapshotCatalog} (whose queries by type use the {@code cairn_snapshots_type_*}
 * indexes the engine creates); {@link #snapshotAllPastThreshold} also scans the event collection for the type's
 * aggregates.
 */
public final class SnapshotHousekeeping {

    private final SnapshotCatalog snapshots;
    private final CairnSnapshotter snapshotter;
    private final SnapshotPolicy policy;

    /**
     * @param snapshots   the event store's snapshot catalog ({@code MongoEventStorageEngine.snapshots()})
     * @param snapshotter takes the snapshots
     * @param policy      the application's snapshot thresholds
     */
    public SnapshotHousekeeping(SnapshotCatalog snapshots, CairnSnapshotter snapshotter, SnapshotPolicy policy) {
        this.snapshots = Objects.requireNonNull(snapshots, "snapshots");
        this.snapshotter = Objects.requireNonNull(snapshotter, "snapshotter");
        this.policy = Objects.requireNonNull(policy, "policy");
    }

    /**
     * @return count, outdated count and oldest/newest timestamps of the snapshots of {@code aggregateType}
     */
    public SnapshotTypeStats stats(Class<?> aggregateType) {
        String type = AggregateTypes.typeName(aggregateType);
        String revision = AggregateTypes.revision(aggregateType);
        return new SnapshotTypeStats(type, snapshots.count(type), snapshots.countOtherRevisions(type, revision),
                                     revision, snapshots.oldest(type).orElse(null),
                                     snapshots.newest(type).orElse(null));
    }

    /**
     * @return the statistics of every aggregate class with a threshold
     */
    public Map<Class<?>, SnapshotTypeStats> stats() {
        Map<Class<?>, SnapshotTypeStats> result = new HashMap<>();
        policy.snapshottedTypes().forEach(type -> result.put(type, stats(type)));
        return result;
    }

    /**
     * Takes a snapshot of one aggregate now, on the calling thread.
     */
    public SnapshotOutcome snapshotNow(Class<?> aggregateType, String aggregateIdentifier) {
        Objects.requireNonNull(aggregateType, "the aggregate type");
        if (aggregateIdentifier == null || aggregateIdentifier.isBlank()) {
            throw new IllegalArgumentException("The aggregate identifier to snapshot may not be blank");
        }
        return snapshotter.snapshotNow(aggregateType, aggregateIdentifier);
    }

    /**
     * Snapshots, on the calling thread, every aggregate of the type whose last event is at least its threshold past
     * its current-revision snapshot (or that has no snapshot and at least threshold events).
     *
     * @return the number of snapshots taken
     * @throws IllegalArgumentException when the type has no threshold
     */
    public int snapshotAllPastThreshold(Class<?> aggregateType) {
        int threshold = policy.thresholdOf(aggregateType).orElseThrow(() -> new IllegalArgumentException(
                "Aggregate class [" + aggregateType.getName() + "] has no snapshot threshold"));
        String type = AggregateTypes.typeName(aggregateType);
        Map<String, Long> snapshotted = snapshots.sequencesAt(type, AggregateTypes.revision(aggregateType));
        int taken = 0;
        for (Map.Entry<String, Long> last : snapshots.lastSequenceNumbers(type).entrySet()) {
            String aggregateIdentifier = last.getKey();
            if (last.getValue() - snapshotted.getOrDefault(aggregateIdentifier, -1L) >= threshold
                    && snapshotter.snapshotNow(aggregateType, aggregateIdentifier) == SnapshotOutcome.TAKEN) {
                taken++;
            }
        }
        return taken;
    }

    /**
     * Deletes every snapshot of the type; its aggregates are loaded from events until snapshotted again.
     *
     * @return the number deleted
     */
    public long purge(Class<?> aggregateType) {
        return snapshots.deleteAll(AggregateTypes.typeName(aggregateType));
    }

    /**
     * Deletes the snapshots of the type whose revision is not the class's current {@code @Revision}.
     *
     * @return the number deleted
     */
    public long purgeOutdated(Class<?> aggregateType) {
        return snapshots.deleteOtherRevisions(AggregateTypes.typeName(aggregateType),
                                              AggregateTypes.revision(aggregateType));
    }
}
