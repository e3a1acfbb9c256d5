package dev.cairn.eventstore.mongo;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Accumulators;
import com.mongodb.client.model.Aggregates;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;
import org.bson.BsonDocument;
import org.bson.BsonValue;
import org.bson.conversions.Bson;

import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import static dev.cairn.eventstore.mongo.layout.StorageLayout.AGGREGATE_IDENTIFIER;
import static dev.cairn.eventstore.mongo.layout.StorageLayout.AGGREGATE_TYPE;
import static dev.cairn.eventstore.mongo.layout.StorageLayout.EVENTS;
import static dev.cairn.eventstore.mongo.layout.StorageLayout.ID;
import static dev.cairn.eventstore.mongo.layout.StorageLayout.PAYLOAD_REVISION;
import static dev.cairn.eventstore.mongo.layout.StorageLayout.SEQUENCE_NUMBER;
import static dev.cairn.eventstore.mongo.layout.StorageLayout.TIMESTAMP;
import static dev.cairn.eventstore.mongo.layout.StorageLayout.eventField;

/**
 * Questions and clean-ups about the stored snapshots of one event store, for the snapshotter and for operators;
 * obtain it from {@link MongoEventStorageEngine#snapshots()}. Queries by aggregate type use the
 * {@code cairn_snapshots_type_*} indexes the engine creates.
 * <p>
 * A revision is the {@code @Revision} of the aggregate class a snapshot was taken with; a snapshot stored without one
 * has a {@code null} revision.
 */
public final class SnapshotCatalog {

    private final MongoCollection<BsonDocument> snapshots;
    private final MongoCollection<BsonDocument> events;

    SnapshotCatalog(MongoCollection<BsonDocument> snapshots, MongoCollection<BsonDocument> events) {
        this.snapshots = snapshots;
        this.events = events;
    }

    /**
     * @return the stored snapshot of each of the given aggregates that has one, by aggregate identifier (one query)
     */
    public Map<String, StoredSnapshot> find(Collection<String> aggregateIdentifiers) {
        Map<String, StoredSnapshot> found = new HashMap<>();
        snapshots.find(Filters.in(ID, List.copyOf(aggregateIdentifiers)))
                 .projection(Projections.include(AGGREGATE_TYPE, SEQUENCE_NUMBER, PAYLOAD_REVISION, TIMESTAMP))
                 .forEach(document -> {
                     StoredSnapshot snapshot = snapshotOf(document);
                     found.put(snapshot.aggregateIdentifier(), snapshot);
                 });
        return found;
    }

    /**
     * @return the sequence number of every snapshot of the type taken at {@code revision}, by aggregate identifier
     */
    public Map<String, Long> sequencesAt(String aggregateType, String revision) {
        Map<String, Long> found = new HashMap<>();
        snapshots.find(Filters.and(ofType(aggregateType), Filters.eq(PAYLOAD_REVISION, revision)))
                 .projection(Projections.include(SEQUENCE_NUMBER))
                 .forEach(d -> found.put(d.get(ID).asString().getValue(), d.getNumber(SEQUENCE_NUMBER).longValue()));
        return found;
    }

    /**
     * @return how many snapshots of the type are stored
     */
    public long count(String aggregateType) {
        return snapshots.countDocuments(ofType(aggregateType));
    }

    /**
     * @return how many snapshots of the type were taken at another revision than {@code revision}
     */
    public long countOtherRevisions(String aggregateType, String revision) {
        return snapshots.countDocuments(otherRevisions(aggregateType, revision));
    }

    /**
     * @return when the oldest snapshot of the type was taken, empty when there is none
     */
    public Optional<Instant> oldest(String aggregateType) {
        return timestamp(aggregateType, Sorts.ascending(TIMESTAMP));
    }

    /**
     * @return when the newest snapshot of the type was taken, empty when there is none
     */
    public Optional<Instant> newest(String aggregateType) {
        return timestamp(aggregateType, Sorts.descending(TIMESTAMP));
    }

    /**
     * Reads the event collection for the last sequence number of every aggregate of the type. This scans the
     * commits of that type; it is meant for housekeeping, not for the command path.
     *
     * @return the last sequence number by aggregate identifier
     */
    public Map<String, Long> lastSequenceNumbers(String aggregateType) {
        Bson ofType = Filters.eq(eventField(AGGREGATE_TYPE), aggregateType);
        Map<String, Long> last = new HashMap<>();
        events.aggregate(List.of(Aggregates.match(ofType),
                                 Aggregates.unwind("$" + EVENTS),
                                 Aggregates.match(ofType),
                                 Aggregates.group("$" + eventField(AGGREGATE_IDENTIFIER),
                                                  Accumulators.max("last", "$" + eventField(SEQUENCE_NUMBER)))),
                         BsonDocument.class)
              .forEach(d -> last.put(d.get(ID).asString().getValue(), d.getNumber("last").longValue()));
        return last;
    }

    /**
     * Deletes every snapshot of the type; its aggregates are loaded from their events until snapshotted again.
     *
     * @return the number deleted
     */
    public long deleteAll(String aggregateType) {
        return snapshots.deleteMany(ofType(aggregateType)).getDeletedCount();
    }

    /**
     * Deletes the snapshots of the type taken at another revision than {@code revision}.
     *
     * @return the number deleted
     */
    public long deleteOtherRevisions(String aggregateType, String revision) {
        return snapshots.deleteMany(otherRevisions(aggregateType, revision)).getDeletedCount();
    }

    private static Bson ofType(String aggregateType) {
        return Filters.eq(AGGREGATE_TYPE, Objects.requireNonNull(aggregateType, "the aggregate type"));
    }

    private static Bson otherRevisions(String aggregateType, String revision) {
        // $ne also matches a missing field, so snapshots written without a revision count as another revision
        return Filters.and(ofType(aggregateType), Filters.ne(PAYLOAD_REVISION, revision));
    }

    private Optional<Instant> timestamp(String aggregateType, Bson order) {
        BsonDocument first = snapshots.find(ofType(aggregateType)).sort(order)
                                      .projection(Projections.include(TIMESTAMP)).limit(1).first();
        return first == null ? Optional.empty()
                : Optional.of(Instant.ofEpochMilli(first.getDateTime(TIMESTAMP).getValue()));
    }

    private static StoredSnapshot snapshotOf(BsonDocument document) {
        BsonValue revision = document.get(PAYLOAD_REVISION);
        BsonValue type = document.get(AGGREGATE_TYPE);
        BsonValue timestamp = document.get(TIMESTAMP);
        return new StoredSnapshot(document.get(ID).asString().getValue(),
                                  type != null && type.isString() ? type.asString().getValue() : null,
                                  document.getNumber(SEQUENCE_NUMBER).longValue(),
                                  revision != null && revision.isString() ? revision.asString().getValue() : null,
                                  timestamp != null && timestamp.isDateTime()
                                          ? Instant.ofEpochMilli(timestamp.asDateTime().getValue()) : null);
    }
}
