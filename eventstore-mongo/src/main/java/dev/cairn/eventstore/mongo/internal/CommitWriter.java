package dev.cairn.eventstore.mongo.internal;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.bson.BsonDocument;
import org.bson.conversions.Bson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashSet;
import java.util.Set;

/**
 * Stores prepared commits: reserves their global indexes, inserts the commit document, and fills the reserved range
 * with a void commit when the server rejects the insert, so streaming readers see the range closed at once instead of
 * waiting out the gap timeout.
 */
public final class CommitWriter {

    private static final Logger logger = LoggerFactory.getLogger(CommitWriter.class);

    private final MongoCollection<BsonDocument> events;
    private final GlobalIndexAllocator allocator;

    public CommitWriter(MongoCollection<BsonDocument> events, GlobalIndexAllocator allocator) {
        this.events = events;
        this.allocator = allocator;
    }

    /**
     * Stores {@code commit} with one counter allocation and one insert: all of it, or (on failure) none of it.
     */
    public void write(PreparedCommit commit) {
        long first = allocator.allocate(commit.size());
        try {
            events.insertOne(CommitDocuments.toDocument(commit, first));
        } catch (RuntimeException e) {
            if (MongoErrors.isRejectedWrite(e)) {
                voidRange(first, first + commit.size() - 1);
            }
            throw e;
        }
    }

    private void voidRange(long first, long last) {
        try {
            events.insertOne(CommitDocuments.voidDocument(first, last));
        } catch (RuntimeException e) {
            // readers close the range once the gap times out
            logger.debug("Could not void global indexes [{}..{}]", first, last, e);
        }
    }

    /**
     * After a duplicate-key rejection, finds the event of {@code commit} whose stream key or identifier is already
     * stored, so the error names the aggregate and sequence number that lost the race.
     *
     * @return the conflicting event, or the first event when the conflict can no longer be found
     */
    public EventMessage<?> conflictingEvent(PreparedCommit commit) {
        Set<String> storedKeys = new HashSet<>();
        Set<String> storedIdentifiers = new HashSet<>();
        Set<String> identifiers = new HashSet<>();
        commit.events().forEach(event -> identifiers.add(event.getIdentifier()));
        Bson filter = Filters.or(Filters.in(CommitDocuments.STREAM_KEYS, commit.streamKeys()),
                                 Filters.in(CommitDocuments.EVENTS + "." + CommitDocuments.EVENT_IDENTIFIER,
                                            identifiers));
        for (BsonDocument stored : events.find(filter).projection(Projections.include(
                CommitDocuments.STREAM_KEYS, CommitDocuments.EVENTS + "." + CommitDocuments.EVENT_IDENTIFIER))) {
            stored.getArray(CommitDocuments.STREAM_KEYS, new org.bson.BsonArray())
                  .forEach(key -> storedKeys.add(key.asString().getValue()));
            stored.getArray(CommitDocuments.EVENTS, new org.bson.BsonArray())
                  .forEach(event -> storedIdentifiers.add(
                          event.asDocument().getString(CommitDocuments.EVENT_IDENTIFIER).getValue()));
        }
        for (EventMessage<?> event : commit.events()) {
            if (storedIdentifiers.contains(event.getIdentifier())
                    || event instanceof DomainEventMessage<?> domainEvent && storedKeys.contains(
                    CommitDocuments.streamKey(domainEvent.getAggregateIdentifier(), domainEvent.getSequenceNumber()))) {
                return event;
            }
        }
        return commit.events().get(0);
    }
}
