package dev.cairn.eventstore.mongo.internal;

import dev.cairn.eventstore.mongo.CommitKey;
import org.axonframework.eventhandling.EventMessage;
import org.bson.BsonDocument;

import java.time.Instant;
import java.util.List;

/**
 * One append, serialized and checked, waiting for its global indexes.
 *
 * @param events          the appended messages, in order
 * @param eventDocuments  their stored form, in the same order
 * @param streamKeys      the {@code aggregateIdentifier#sequenceNumber} keys of its domain events
 * @param latestTimestamp the latest event timestamp
 * @param key             the idempotency key the commit carries, or {@code null}
 */
public record PreparedCommit(List<? extends EventMessage<?>> events,
                             List<BsonDocument> eventDocuments,
                             List<String> streamKeys,
                             Instant latestTimestamp,
                             CommitKey key) {

    public PreparedCommit {
        if (events.isEmpty() || events.size() != eventDocuments.size()) {
            throw new IllegalArgumentException("a commit holds one document for each of at least one event");
        }
    }

    /**
     * @return this commit, carrying {@code key}
     */
    public PreparedCommit withKey(CommitKey key) {
        return new PreparedCommit(events, eventDocuments, streamKeys, latestTimestamp, key);
    }

    /**
     * @return the number of global indexes the commit needs
     */
    public int size() {
        return events.size();
    }
}
