package dev.cairn.eventstore.mongo;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoCursor;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Accumulators;
import com.mongodb.client.model.Aggregates;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;
import dev.cairn.eventstore.mongo.layout.StorageLayout;
import dev.cairn.eventstore.mongo.support.CairnCollections;
import org.axonframework.common.AxonConfigurationException;
import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.BsonValue;
import org.bson.Document;
import org.bson.conversions.Bson;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

import static dev.cairn.eventstore.mongo.layout.StorageLayout.AGGREGATE_IDENTIFIER;
import static dev.cairn.eventstore.mongo.layout.StorageLayout.AGGREGATE_TYPE;
import static dev.cairn.eventstore.mongo.layout.StorageLayout.EVENTS;
import static dev.cairn.eventstore.mongo.layout.StorageLayout.EVENT_IDENTIFIER;
import static dev.cairn.eventstore.mongo.layout.StorageLayout.ID;
import static dev.cairn.eventstore.mongo.layout.StorageLayout.LAST_GLOBAL_INDEX;
import static dev.cairn.eventstore.mongo.layout.StorageLayout.PAYLOAD;
import static dev.cairn.eventstore.mongo.layout.StorageLayout.PAYLOAD_REVISION;
import static dev.cairn.eventstore.mongo.layout.StorageLayout.PAYLOAD_TYPE;
import static dev.cairn.eventstore.mongo.layout.StorageLayout.SEQUENCE_NUMBER;
import static dev.cairn.eventstore.mongo.layout.StorageLayout.TIMESTAMP;
import static dev.cairn.eventstore.mongo.layout.StorageLayout.TIMESTAMP_NANOS;
import static dev.cairn.eventstore.mongo.layout.StorageLayout.VOIDED;

/**
 * What operators ask an event store (ADR 73): its statistics, and the events after a global position. Reads only the
 * commit documents; no stored type name is resolved to a class and no payload is deserialized, so it works on the
 * store of any application, whatever its allowed types and class path, and warns about nothing.
 * <p>
 * Obtain it from {@link MongoEventStorageEngine#operations()}, or, for a tool that must not build an engine (building
 * one creates indexes and prepares the sequence document), from {@link #on(MongoDatabase, CairnCollections)}, which
 * only reads.
 */
public final class EventStoreOperations {

    /** Commits per server round trip when reading events in order: a tail usually wants the few latest. */
    private static final int COMMITS_PER_BATCH = 100;

    private final MongoCollection<BsonDocument> events;

    EventStoreOperations(MongoCollection<BsonDocument> events) {
        this.events = events;
    }

    /**
     * @param database    the application's database
     * @param collections the application's collections; the event collection is read
     * @return operations that only read the event collection {@code collections} names, with the database's read
     * concern
     */
    public static EventStoreOperations on(MongoDatabase database, CairnCollections collections) {
        if (database == null || collections == null) {
            throw new AxonConfigurationException("The database and the collections may not be null");
        }
        return new EventStoreOperations(database.getCollection(StorageLayout.of(collections).eventCollection(),
                                                               BsonDocument.class));
    }

    /**
     * @return the highest global position stored (of any commit, void ones included), {@code 0} in an empty store: the
     * position of the engine's head token
     */
    public long headPosition() {
        BsonDocument last = events.find().sort(Sorts.descending(LAST_GLOBAL_INDEX))
                                  .projection(Projections.include(LAST_GLOBAL_INDEX)).limit(1).first();
        return last == null ? 0 : last.getNumber(LAST_GLOBAL_INDEX).longValue();
    }

    /**
     * Counts the stored commits and events, all and those at or after {@code recentSince} (by commit timestamp, in
     * milliseconds), in two aggregations.
     */
    public EventStoreStatistics statistics(Instant recentSince) {
        if (recentSince == null) {
            throw new IllegalArgumentException("The start of the recent window may not be null");
        }
        long[] all = counts(stored());
        long[] recent = counts(Filters.and(stored(), Filters.gte(TIMESTAMP, Date.from(recentSince))));
        BsonDocument last = events.find(stored()).sort(Sorts.descending(ID)).projection(Projections.include(TIMESTAMP))
                                  .limit(1).first();
        Instant lastCommitAt = last == null || !last.isDateTime(TIMESTAMP) ? null
                : Instant.ofEpochMilli(last.getDateTime(TIMESTAMP).getValue());
        return new EventStoreStatistics(all[1], all[0], headPosition(), lastCommitAt, recentSince, recent[0],
                                        recent[1]);
    }

    /**
     * The events stored after global position {@code position}, in global order: what a tail prints. A gap (a commit
     * not yet visible below a visible one) is passed over, not waited for.
     *
     * @param position the last position already seen; {@code -1} for the first stored event on
     * @param limit    the most events to return
     * @return at most {@code limit} events, each above {@code position}; empty when none is stored above it
     * @throws IllegalArgumentException when {@code position} is below {@code -1} or {@code limit} not positive
     */
    public List<StoredEventView> eventsAfter(long position, int limit) {
        if (position < -1 || limit < 1) {
            throw new IllegalArgumentException(position < -1 ? "The position must be -1 or more, not " + position
                                                       : "The limit must be positive, not " + limit);
        }
        List<StoredEventView> found = new ArrayList<>();
        try (MongoCursor<BsonDocument> commits = events.find(Filters.and(stored(), Filters.gt(LAST_GLOBAL_INDEX,
                                                                                               position)))
                                                       .sort(Sorts.ascending(ID)).batchSize(COMMITS_PER_BATCH)
                                                       .iterator()) {
            while (commits.hasNext() && found.size() < limit) {
                BsonDocument commit = commits.next();
                long first = commit.getNumber(ID).longValue();
                BsonArray stored = commit.getArray(EVENTS, new BsonArray());
                for (int i = 0; i < stored.size() && found.size() < limit; i++) {
                    if (first + i > position) {
                        found.add(view(first + i, stored.get(i).asDocument(), commit));
                    }
                }
            }
        }
        return found;
    }

    /** Commits that hold events: void commits of earlier versions are left out. */
    private static Bson stored() {
        return Filters.ne(VOIDED, true);
    }

    /** @return {commits, events} of the commits matching {@code filter} */
    private long[] counts(Bson filter) {
        Document size = new Document("$add", List.of(new Document("$subtract", List.of("$" + LAST_GLOBAL_INDEX,
                                                                                        "$" + ID)), 1));
        BsonDocument result = events.aggregate(List.of(Aggregates.match(filter), Aggregates.group(
                null, Accumulators.sum("commits", 1), Accumulators.sum("events", size)))).first();
        return result == null ? new long[]{0, 0}
                : new long[]{result.getNumber("commits").longValue(), result.getNumber("events").longValue()};
    }

    private static StoredEventView view(long position, BsonDocument event, BsonDocument commit) {
        // an event stored in the same millisecond as its commit's timestamp carries none of its own (ADR 70)
        BsonDocument timed = event.isDateTime(TIMESTAMP) ? event : commit;
        Instant timestamp = timed.isDateTime(TIMESTAMP)
                ? Instant.ofEpochMilli(timed.getDateTime(TIMESTAMP).getValue())
                         .plusNanos(event.isInt32(TIMESTAMP_NANOS) ? event.getInt32(TIMESTAMP_NANOS).getValue() : 0)
                : null;
        BsonValue sequence = event.get(SEQUENCE_NUMBER);
        return new StoredEventView(position, timestamp, string(event, AGGREGATE_TYPE),
                                   string(event, AGGREGATE_IDENTIFIER),
                                   sequence != null && sequence.isNumber() ? sequence.asNumber().longValue() : null,
                                   string(event, PAYLOAD_TYPE), string(event, PAYLOAD_REVISION),
                                   string(event, EVENT_IDENTIFIER), event.get(PAYLOAD));
    }

    private static String string(BsonDocument document, String field) {
        return document.isString(field) ? document.getString(field).getValue() : null;
    }
}
