package dev.cairn.eventstore.mongo.internal;

import dev.cairn.eventstore.mongo.layout.StorageLayout;

import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.serialization.Serializer;
import org.bson.BsonDocument;
import org.bson.BsonString;

/**
 * Maps snapshots to documents of the snapshot collection: one per aggregate, keyed by its identifier, with the same
 * fields as an event in a commit document.
 * <pre>
 * { _id: "order-7", eventIdentifier, aggregateType, aggregateIdentifier, sequenceNumber, timestamp, timestampNanos,
 *   payloadType, payloadRevision, payload, metaData }
 * </pre>
 */
final class SnapshotDocuments {

    private SnapshotDocuments() {
    }

    public static BsonDocument toDocument(DomainEventMessage<?> snapshot, Serializer serializer) {
        BsonDocument document = new BsonDocument(StorageLayout.ID,
                                                 new BsonString(snapshot.getAggregateIdentifier()));
        document.putAll(CommitDocuments.eventDocument(snapshot, serializer));
        return document;
    }

    /**
     * @throws MalformedDocumentException naming the field that is missing or of the wrong type
     */
    public static StoredEvent read(BsonDocument document) {
        return Fields.event(document, 0L, "", document);
    }
}
