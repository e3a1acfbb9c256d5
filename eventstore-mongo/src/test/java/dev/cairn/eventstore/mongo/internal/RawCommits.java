package dev.cairn.eventstore.mongo.internal;

import org.axonframework.eventhandling.EventMessage;
import org.axonframework.serialization.Serializer;
import org.bson.BsonDocument;

import java.util.List;

/**
 * Commit documents exactly as the engine writes them, placed at a chosen global index, for tests that simulate
 * writers in flight.
 */
public final class RawCommits {

    private RawCommits() {
    }

    public static BsonDocument commitAt(long firstGlobalIndex, List<? extends EventMessage<?>> events,
                                        Serializer serializer) {
        return CommitDocuments.toDocument(CommitDocuments.prepare(events, serializer), firstGlobalIndex);
    }
}
