package dev.cairn.eventstore.mongo.internal;

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
 */
public record PreparedCommit(List<? extends EventMessage<?>> events,
                             List<BsonDocument> eventDocuments,
                             List<String> streamKeys,
                             Instant latestTimestamp) {

    public PreparedCommit {
        if (events.isEmpty() || events.size() != eventDocuments.size()) {
            throw new IllegalArgumentException("a commit holds one document for each of at least one event");
        }
    }

    /**
     * @return the number of global indexes the commit needs
     */
    public int size() {
        return events.size();
    }
}
