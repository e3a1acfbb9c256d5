package dev.cairn.eventstore.mongo.internal;

import dev.cairn.eventstore.mongo.layout.StorageLayout;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoCursor;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;
import org.axonframework.eventsourcing.eventstore.EventStoreException;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.BsonInvalidOperationException;
import org.bson.BsonValue;
import org.bson.conversions.Bson;

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

    private static final String AGGREGATE_FIELD = StorageLayout.eventField(StorageLayout.AGGREGATE_IDENTIFIER);
    private static final String EVENT_IDENTIFIER_FIELD = StorageLayout.eventField(StorageLayout.EVENT_IDENTIFIER);

    private final MongoCollection<BsonDocument> events;
    private final TypeGuard typeGuard;

    public EventQueries(MongoCollection<BsonDocument> events, TypeGuard typeGuard) {
        this.events = events;
        this.typeGuard = typeGuard;
    }

    /**
     * @return the aggregate's events from {@code firstSequenceNumber} on, in order: at least the next
     * {@code batchSize} when they exist (more when a commit holds more), fewer only at the end of the stream
     */
    public List<StoredEvent> aggregateEvents(String aggregateIdentifier, long firstSequenceNumber, int batchSize) {
        // sequence numbers of one aggregate are consecutive: a batch is a set of point lookups on the unique index
        List<String> keys = LongStream.range(firstSequenceNumber, firstSequenceNumber + batchSize)
                                      .mapToObj(sequence -> StorageLayout.streamKey(aggregateIdentifier, sequence))
                                      .toList();
        List<StoredEvent> result = new ArrayList<>();
        Set<BsonValue> seenCommits = new HashSet<>();
        for (BsonDocument commit : events.find(Filters.in(StorageLayout.STREAM_KEYS, keys))) {
            if (!seenCommits.add(commit.get(StorageLayout.ID))) {
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
                                        .sort(Sorts.descending(StorageLayout.ID))
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
                                  .sort(Sorts.descending(StorageLayout.LAST_GLOBAL_INDEX))
                                  .projection(Projections.include(StorageLayout.LAST_GLOBAL_INDEX))
                                  .limit(1)
                                  .first();
        return last == null ? 0 : last.getNumber(StorageLayout.LAST_GLOBAL_INDEX).longValue();
    }

    /**
     * @return the global index of the first event, in global order, whose timestamp is at or after {@code time}
     */
    public OptionalLong firstGlobalIndexAt(Instant time) {
        // commits carry their latest event timestamp (in milliseconds); the exact instant is checked per event
        try (MongoCursor<BsonDocument> commits = events.find(Filters.gte(StorageLayout.TIMESTAMP,
                                                                         new Date(time.toEpochMilli())))
                                                       .sort(Sorts.ascending(StorageLayout.ID))
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
     * After a duplicate-key rejection, finds the event of {@code commit} whose stream key or identifier is already
     * stored, so the error names the aggregate and sequence number that lost the race.
     *
     * @return the conflicting event, or the first event when the conflict can no longer be found
     */
    public EventMessage<?> conflictingEvent(PreparedCommit commit) {
        return conflict(commit).orElse(commit.events().get(0));
    }

    /**
     * @return the event of {@code commit} whose stream key or identifier is already stored, if any
     */
    public Optional<EventMessage<?>> conflict(PreparedCommit commit) {
        Set<String> storedKeys = new HashSet<>();
        Set<String> storedIdentifiers = new HashSet<>();
        Set<String> identifiers = new HashSet<>();
        commit.events().forEach(event -> identifiers.add(event.getIdentifier()));
        Bson filter = Filters.or(Filters.in(StorageLayout.STREAM_KEYS, commit.streamKeys()),
                                 Filters.in(EVENT_IDENTIFIER_FIELD, identifiers));
        for (BsonDocument stored : events.find(filter).projection(Projections.include(StorageLayout.STREAM_KEYS,
                                                                                      EVENT_IDENTIFIER_FIELD))) {
            stored.getArray(StorageLayout.STREAM_KEYS, new BsonArray())
                  .forEach(key -> storedKeys.add(key.asString().getValue()));
            storedIdentifiers.addAll(CommitDocuments.eventIdentifiers(stored));
        }
        for (EventMessage<?> event : commit.events()) {
            if (storedIdentifiers.contains(event.getIdentifier())
                    || event instanceof DomainEventMessage<?> domainEvent && storedKeys.contains(
                    StorageLayout.streamKey(domainEvent.getAggregateIdentifier(), domainEvent.getSequenceNumber()))) {
                return Optional.of(event);
            }
        }
        return Optional.empty();
    }

    /**
     * @return the events of a commit document
     * @throws EventStoreException naming the collection, {@code _id} and field of a malformed document
     */
    public List<StoredEvent> read(BsonDocument commit) {
        List<StoredEvent> stored;
        try {
            stored = CommitDocuments.read(commit);
        } catch (MalformedDocumentException | BsonInvalidOperationException e) {
            throw new EventStoreException("Malformed document in collection ["
                                                  + events.getNamespace().getCollectionName() + "] with _id ["
                                                  + commit.get(StorageLayout.ID) + "]: " + e.getMessage(), e);
        }
        for (StoredEvent event : stored) {
            typeGuard.check(event, events.getNamespace().getCollectionName(), commit.get(StorageLayout.ID));
        }
        return stored;
    }
}
