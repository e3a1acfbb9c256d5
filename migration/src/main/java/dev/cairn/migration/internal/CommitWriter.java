package dev.cairn.migration.internal;

import com.mongodb.WriteConcern;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.InsertManyOptions;
import dev.cairn.eventstore.mongo.layout.StorageLayout;
import org.bson.BsonArray;
import org.bson.BsonDateTime;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonInt64;
import org.bson.BsonString;
import org.bson.BsonValue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static com.mongodb.client.model.Projections.include;
import static com.mongodb.client.model.Sorts.descending;
import static dev.cairn.eventstore.mongo.layout.StorageLayout.*;

/**
 * Writes source events as commit documents in the format {@link StorageLayout} owns, each planned commit
 * ({@link CommitPlan}) at the next global indexes above the target's head.
 */
public final class CommitWriter {

    private static final int NANOS_PER_MILLI = 1_000_000;

    private final MongoCollection<BsonDocument> events;
    private final MongoCollection<BsonDocument> sequences;
    private final String eventCollection;

    public CommitWriter(MongoDatabase target, StorageLayout layout) {
        this.events = target.getCollection(layout.eventCollection(), BsonDocument.class)
                            .withWriteConcern(WriteConcern.MAJORITY);
        this.sequences = target.getCollection(layout.sequenceCollection(), BsonDocument.class);
        this.eventCollection = layout.eventCollection();
    }

    /** @return the highest global index stored in the target, or its floor when it holds no commit */
    public long head() {
        BsonDocument last = events.find().sort(descending(LAST_GLOBAL_INDEX)).projection(include(LAST_GLOBAL_INDEX))
                                  .first();
        if (last != null) {
            return last.getNumber(LAST_GLOBAL_INDEX).longValue();
        }
        BsonDocument sequence = sequences.find(new BsonDocument(ID, new BsonString(eventCollection))).first();
        return sequence != null && sequence.isNumber(SEQUENCE_FLOOR) ? sequence.getNumber(SEQUENCE_FLOOR).longValue()
                : 0L;
    }

    /**
     * What the target holds, read once in one pass over the commits (identifiers and stream keys only): what a rerun
     * checks the source's events against, instead of a query per batch.
     *
     * @param identifiers every stored event's identifier
     * @param streamKeys  every stored domain event's aggregate and sequence number ({@code aggregate#sequence})
     */
    record Stored(IdentifierSet identifiers, IdentifierSet streamKeys) {

        static Stored none() {
            return new Stored(new IdentifierSet(), new IdentifierSet());
        }
    }

    Stored stored(int batchSize) {
        Stored stored = Stored.none();
        for (BsonDocument commit : events.find().projection(include(eventField(EVENT_IDENTIFIER), STREAM_KEYS))
                                         .batchSize(batchSize)) {
            for (BsonValue event : commit.getArray(EVENTS, new BsonArray())) {
                stored.identifiers().add(event.asDocument().getString(EVENT_IDENTIFIER).getValue());
            }
            for (BsonValue key : commit.getArray(STREAM_KEYS, new BsonArray())) {
                stored.streamKeys().add(key.asString().getValue());
            }
        }
        return stored;
    }

    /**
     * Inserts {@code groups} as consecutive commits starting at global index {@code first}, in one ordered insert.
     *
     * @return the global index of the last event written
     */
    public long write(List<List<SourceEvent>> groups, long first) {
        List<BsonDocument> commits = new ArrayList<>(groups.size());
        long next = first;
        for (List<SourceEvent> group : groups) {
            commits.add(commit(group, next));
            next += group.size();
        }
        if (!commits.isEmpty()) {
            events.insertMany(commits, new InsertManyOptions().ordered(true));
        }
        return next - 1;
    }

    static BsonDocument commit(List<SourceEvent> group, long firstGlobalIndex) {
        Instant latest = Instant.MIN;
        for (SourceEvent event : group) {
            if (event.timestamp().isAfter(latest)) {
                latest = event.timestamp();
            }
        }
        long commitMillis = latest.toEpochMilli();
        BsonArray keys = new BsonArray();
        BsonArray documents = new BsonArray();
        for (SourceEvent event : group) {
            if (event.isDomainEvent()) {
                keys.add(new BsonString(streamKey(event.aggregateIdentifier(), event.sequenceNumber())));
            }
            documents.add(event(event, commitMillis));
        }
        BsonDocument commit = new BsonDocument(ID, new BsonInt64(firstGlobalIndex))
                .append(LAST_GLOBAL_INDEX, new BsonInt64(firstGlobalIndex + group.size() - 1))
                .append(TIMESTAMP, new BsonDateTime(commitMillis));
        if (!keys.isEmpty()) {
            commit.append(STREAM_KEYS, keys);
        }
        return commit.append(EVENTS, documents);
    }

    /** One event as the engine stores it, its timestamp left out when its commit's is the same millisecond. */
    static BsonDocument event(SourceEvent event, long commitMillis) {
        String what = "event [" + event.eventIdentifier() + "]";
        BsonDocument document = new BsonDocument(EVENT_IDENTIFIER, new BsonString(event.eventIdentifier()));
        if (event.isDomainEvent()) {
            if (event.aggregateType() != null) {
                document.append(AGGREGATE_TYPE, new BsonString(event.aggregateType()));
            }
            document.append(AGGREGATE_IDENTIFIER, new BsonString(event.aggregateIdentifier()))
                    .append(SEQUENCE_NUMBER, new BsonInt64(event.sequenceNumber()));
        }
        appendTimestamp(document, event.timestamp(), commitMillis);
        document.append(PAYLOAD_TYPE, new BsonString(event.payloadType()));
        if (event.payloadRevision() != null) {
            document.append(PAYLOAD_REVISION, new BsonString(event.payloadRevision()));
        }
        document.append(PAYLOAD, StoredForms.toStored(event.payload(), what + " payload"));
        BsonValue metaData = StoredForms.toStored(event.metaData(), what + " metadata");
        if (!StoredForms.isEmpty(metaData)) {
            document.append(META_DATA, metaData);
        }
        return document;
    }

    /** As a snapshot document: keyed by the aggregate, with every field of the event (timestamp included). */
    static BsonDocument snapshot(SourceEvent snapshot) {
        BsonDocument document = new BsonDocument(ID, new BsonString(snapshot.aggregateIdentifier()));
        document.putAll(event(snapshot, Long.MIN_VALUE));
        return document;
    }

    private static void appendTimestamp(BsonDocument document, Instant timestamp, long commitMillis) {
        if (timestamp.toEpochMilli() != commitMillis) {
            document.append(TIMESTAMP, new BsonDateTime(timestamp.toEpochMilli()));
        }
        int subMillis = timestamp.getNano() % NANOS_PER_MILLI;
        if (subMillis != 0) {
            document.append(TIMESTAMP_NANOS, new BsonInt32(subMillis));
        }
    }
}
