package dev.cairn.snapshots;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Accumulators;
import com.mongodb.client.model.Aggregates;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;
import dev.cairn.snapshots.internal.AggregateTypes;
import org.bson.Document;
import org.bson.conversions.Bson;

import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Operations on the snapshots of an event store, for operators (and the operations CLI). Obtain it from
 * {@link CairnSnapshots#housekeeping()} once the application is started.
 * <p>
 * Queries on the snapshot collection use the {@code cairn_snapshots_type_*} indexes created at start-up;
 * {@link #snapshotAllPastThreshold} also scans the event collection for the type's aggregates.
 */
public final class SnapshotHousekeeping {

    private static final String AGGREGATE_TYPE = "aggregateType";
    private static final String PAYLOAD_REVISION = "payloadRevision";
    private static final String SEQUENCE_NUMBER = "sequenceNumber";
    private static final String TIMESTAMP = "timestamp";

    private final MongoCollection<Document> snapshots;
    private final MongoCollection<Document> events;
    private final CairnSnapshotter snapshotter;
    private final Map<Class<?>, Integer> thresholds;

    /**
     * @param database               the event store's database
     * @param snapshotCollectionName the engine's snapshot collection
     * @param eventCollectionName    the engine's event collection
     * @param snapshotter            takes the snapshots
     * @param thresholds             the configured threshold per aggregate class
     */
    public SnapshotHousekeeping(MongoDatabase database, String snapshotCollectionName, String eventCollectionName,
                                CairnSnapshotter snapshotter, Map<Class<?>, Integer> thresholds) {
        this.snapshots = Objects.requireNonNull(database, "database").getCollection(snapshotCollectionName);
        this.events = database.getCollection(eventCollectionName);
        this.snapshotter = Objects.requireNonNull(snapshotter, "snapshotter");
        this.thresholds = Map.copyOf(thresholds);
    }

    /**
     * @return count, outdated count and oldest/newest timestamps of the snapshots of {@code aggregateType}
     */
    public SnapshotTypeStats stats(Class<?> aggregateType) {
        String type = AggregateTypes.typeName(aggregateType);
        String revision = AggregateTypes.revision(aggregateType);
        Bson ofType = Filters.eq(AGGREGATE_TYPE, type);
        long count = snapshots.countDocuments(ofType);
        long outdated = snapshots.countDocuments(outdated(type, revision));
        return new SnapshotTypeStats(type, count, outdated, revision, timestamp(ofType, 1), timestamp(ofType, -1));
    }

    /**
     * @return the statistics of every aggregate class with a threshold
     */
    public Map<Class<?>, SnapshotTypeStats> stats() {
        Map<Class<?>, SnapshotTypeStats> result = new HashMap<>();
        thresholds.keySet().forEach(type -> result.put(type, stats(type)));
        return result;
    }

    /**
     * Takes a snapshot of one aggregate now, on the calling thread.
     */
    public SnapshotOutcome snapshotNow(Class<?> aggregateType, String aggregateIdentifier) {
        Objects.requireNonNull(aggregateType, "aggregateType");
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
        Integer threshold = thresholds.get(aggregateType);
        if (threshold == null) {
            throw new IllegalArgumentException("Aggregate class [" + aggregateType.getName()
                                                       + "] has no snapshot threshold");
        }
        String type = AggregateTypes.typeName(aggregateType);
        String revision = AggregateTypes.revision(aggregateType);
        Map<String, Long> snapshotted = new HashMap<>();
        snapshots.find(Filters.and(Filters.eq(AGGREGATE_TYPE, type), Filters.eq(PAYLOAD_REVISION, revision)))
                 .projection(Projections.include(SEQUENCE_NUMBER))
                 .forEach(s -> snapshotted.put(s.getString("_id"), ((Number) s.get(SEQUENCE_NUMBER)).longValue()));
        int taken = 0;
        for (Document last : lastSequenceNumbers(type)) {
            String aggregateIdentifier = last.getString("_id");
            long lastSequence = ((Number) last.get("last")).longValue();
            if (lastSequence - snapshotted.getOrDefault(aggregateIdentifier, -1L) >= threshold
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
        return snapshots.deleteMany(Filters.eq(AGGREGATE_TYPE, AggregateTypes.typeName(aggregateType)))
                        .getDeletedCount();
    }

    /**
     * Deletes the snapshots of the type whose revision is not the class's current {@code @Revision}.
     *
     * @return the number deleted
     */
    public long purgeOutdated(Class<?> aggregateType) {
        return snapshots.deleteMany(outdated(AggregateTypes.typeName(aggregateType),
                                             AggregateTypes.revision(aggregateType))).getDeletedCount();
    }

    private static Bson outdated(String type, String revision) {
        // $ne also matches a missing field, so snapshots written without a revision count as outdated
        return Filters.and(Filters.eq(AGGREGATE_TYPE, type), Filters.ne(PAYLOAD_REVISION, revision));
    }

    private Instant timestamp(Bson filter, int direction) {
        Document first = snapshots.find(filter)
                                  .sort(direction > 0 ? Sorts.ascending(TIMESTAMP) : Sorts.descending(TIMESTAMP))
                                  .projection(Projections.include(TIMESTAMP))
                                  .limit(1)
                                  .first();
        return first == null ? null : first.get(TIMESTAMP, Date.class).toInstant();
    }

    private List<Document> lastSequenceNumbers(String type) {
        String eventType = "events." + AGGREGATE_TYPE;
        return events.aggregate(List.of(
                Aggregates.match(Filters.eq(eventType, type)),
                Aggregates.unwind("$events"),
                Aggregates.match(Filters.eq(eventType, type)),
                Aggregates.group("$events.aggregateIdentifier",
                                 Accumulators.max("last", "$events." + SEQUENCE_NUMBER)))).into(new java.util.ArrayList<>());
    }
}
