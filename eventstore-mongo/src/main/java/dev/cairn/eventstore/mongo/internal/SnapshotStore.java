package dev.cairn.eventstore.mongo.internal;

import dev.cairn.eventstore.mongo.layout.StorageLayout;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import dev.cairn.eventstore.mongo.support.MongoErrors;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStoreException;
import org.axonframework.serialization.Serializer;
import org.bson.BsonDocument;
import org.bson.BsonInt64;
import org.bson.BsonString;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;

/**
 * The snapshot collection: one document per aggregate, replaced only by a snapshot at a higher sequence number.
 */
public final class SnapshotStore {

    private static final Logger logger = LoggerFactory.getLogger(SnapshotStore.class);
    private static final ReplaceOptions UPSERT = new ReplaceOptions().upsert(true);

    private final MongoCollection<BsonDocument> snapshots;
    private final TypeGuard typeGuard;

    public SnapshotStore(MongoCollection<BsonDocument> snapshots, TypeGuard typeGuard) {
        this.snapshots = snapshots;
        this.typeGuard = typeGuard;
    }

    /**
     * Stores {@code snapshot} unless a snapshot at the same or a higher sequence number is stored already.
     */
    public void store(DomainEventMessage<?> snapshot, Serializer serializer) {
        BsonDocument document = SnapshotDocuments.toDocument(snapshot, serializer);
        // matches only an older snapshot; against a newer one the upsert's insert fails on _id and is dropped
        BsonDocument olderSnapshot = new BsonDocument(StorageLayout.ID,
                                                      new BsonString(snapshot.getAggregateIdentifier()))
                .append(StorageLayout.SEQUENCE_NUMBER,
                        new BsonDocument("$lt", new BsonInt64(snapshot.getSequenceNumber())));
        try {
            snapshots.replaceOne(olderSnapshot, document, UPSERT);
        } catch (RuntimeException e) {
            if (!MongoErrors.isDuplicateKey(e)) {
                throw new EventStoreException("Snapshot of aggregate [" + snapshot.getAggregateIdentifier()
                                                      + "] at sequence [" + snapshot.getSequenceNumber()
                                                      + "] could not be stored in collection ["
                                                      + snapshots.getNamespace().getCollectionName() + "]", e);
            }
        }
    }

    /**
     * @return the aggregate's snapshot; empty when there is none or when it is malformed (logged: the aggregate is
     * then loaded from its events)
     */
    public Optional<StoredEvent> read(String aggregateIdentifier) {
        BsonDocument document = snapshots.find(Filters.eq(StorageLayout.ID, aggregateIdentifier)).first();
        if (document == null) {
            return Optional.empty();
        }
        try {
            StoredEvent snapshot = SnapshotDocuments.read(document);
            typeGuard.check(snapshot, snapshots.getNamespace().getCollectionName(), aggregateIdentifier);
            return Optional.of(snapshot);
        } catch (MalformedDocumentException e) {
            logger.warn("Ignoring the snapshot of aggregate [{}] in collection [{}]: {}; the aggregate is loaded "
                                + "from its events", aggregateIdentifier,
                        snapshots.getNamespace().getCollectionName(), e.getMessage());
            return Optional.empty();
        }
    }
}
