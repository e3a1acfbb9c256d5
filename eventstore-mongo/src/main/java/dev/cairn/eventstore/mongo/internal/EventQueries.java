package dev.cairn.eventstore.mongo.internal;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoCursor;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;
import org.axonframework.eventsourcing.eventstore.EventStoreException;
import org.bson.BsonDocument;
import org.bson.BsonInvalidOperationException;
import org.bson.BsonValue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.LongStream;

/**
 * The reads of the event collection besides streaming, each one indexed query.
 */
public final class EventQueries {

    private static final String AGGREGATE_FIELD = CommitDocuments.EVENTS + "." + CommitDocuments.AGGREGATE_IDENTIFIER;

    private final MongoCollection<BsonDocument> events;

    public EventQueries(MongoCollection<BsonDocument> events) {
        this.events = events;
    }

    /**
     * @return the aggregate's events from {@code firstSequenceNumber} on, in order: at least the next
     * {@code batchSize} when they exist (more when a commit holds more), fewer only at the end of the stream
     */
    public List<StoredEvent> aggregateEvents(String aggregateIdentifier, long firstSequenceNumber, int batchSize) {
        // sequence numbers of one aggregate are consecutive: a batch is a set of point lookups on the unique index
        List<String> keys = LongStream.range(firstSequenceNumber, firstSequenceNumber + batchSize)
                                      .mapToObj(sequence -> CommitDocuments.streamKey(aggregateIdentifier, sequence))
                                      .toList();
        List<StoredEvent> result = new ArrayList<>();
        Set<BsonValue> seenCommits = new HashSet<>();
        for (BsonDocument commit : events.find(Filters.in(CommitDocuments.STREAM_KEYS, keys))) {
            if (!seenCommits.add(commit.get(CommitDocuments.ID))) {
                continue; // the embedded server returns a commit once per matching key
            }
            for (StoredEvent event : read(commit)) {
                if (aggregateIdentifier.equals(event.aggregateIdentifier())
                        && event.sequenceNumber() >= firstSequenceNumber) {
                    result.add(event);
                }
            }
        }
        result.sort(Comparator.comparingLong(StoredEvent::sequenceNumber));
        return result;
    }

    /**
     * @return the highest sequence number of the aggregate, from its latest commit
     */
    public Optional<Long> lastSequenceNumber(String aggregateIdentifier) {
        BsonDocument lastCommit = events.find(Filters.eq(AGGREGATE_FIELD, aggregateIdentifier))
                                        .sort(Sorts.descending(CommitDocuments.ID))
                                        .limit(1)
                                        .first();
        if (lastCommit == null) {
            return Optional.empty();
        }
        return read(lastCommit).stream()
                               .filter(event -> aggregateIdentifier.equals(event.aggregateIdentifier()))
                               .map(StoredEvent::sequenceNumber)
                               .max(Long::compare);
    }

    /**
     * @return the highest global index stored, {@code 0} when there is none
     */
    public long highestGlobalIndex() {
        BsonDocument last = events.find()
                                  .sort(Sorts.descending(CommitDocuments.LAST_GLOBAL_INDEX))
                                  .projection(Projections.include(CommitDocuments.LAST_GLOBAL_INDEX))
                                  .limit(1)
                                  .first();
        return last == null ? 0 : last.getNumber(CommitDocuments.LAST_GLOBAL_INDEX).longValue();
    }

    /**
     * @return the global index of the first event, in global order, whose timestamp is at or after {@code time}
     */
    public OptionalLong firstGlobalIndexAt(Instant time) {
        // commits carry their latest event timestamp (in milliseconds); the exact instant is checked per event
        try (MongoCursor<BsonDocument> commits = events.find(Filters.gte(CommitDocuments.TIMESTAMP,
                                                                         new Date(time.toEpochMilli())))
                                                       .sort(Sorts.ascending(CommitDocuments.ID))
                                                       .batchSize(10)
                                                       .iterator()) {
            while (commits.hasNext()) {
                for (StoredEvent event : read(commits.next())) {
                    if (!event.timestamp().isBefore(time)) {
                        return OptionalLong.of(event.globalIndex());
                    }
                }
            }
        }
        return OptionalLong.empty();
    }

    /**
     * @return the events of a commit document
     * @throws EventStoreException naming the collection, {@code _id} and field of a malformed document
     */
    public List<StoredEvent> read(BsonDocument commit) {
        try {
            return CommitDocuments.read(commit);
        } catch (MalformedDocumentException | BsonInvalidOperationException e) {
            throw new EventStoreException("Malformed document in collection ["
                                                  + events.getNamespace().getCollectionName() + "] with _id ["
                                                  + commit.get(CommitDocuments.ID) + "]: " + e.getMessage(), e);
        }
    }
}
