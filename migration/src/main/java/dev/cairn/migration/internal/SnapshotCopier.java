package dev.cairn.migration.internal;

import com.mongodb.WriteConcern;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoCursor;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.ReplaceOptions;
import dev.cairn.eventstore.mongo.layout.StorageLayout;
import dev.cairn.migration.AxonMongoFields;
import dev.cairn.migration.SourceStrategy;
import org.bson.BsonDocument;
import org.bson.BsonString;

import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Sorts.descending;

/**
 * Copies the latest snapshot of every aggregate (highest sequence number) into Cairn's snapshot collection, unless a
 * snapshot at least as new is already there: an older snapshot never replaces a newer one.
 */
public final class SnapshotCopier {

    private final MongoDatabase source;
    private final String collectionName;
    private final AxonMongoFields fields;
    private final MongoCollection<BsonDocument> target;

    public SnapshotCopier(MongoDatabase source, String collectionName, AxonMongoFields fields, MongoDatabase target,
                          StorageLayout layout) {
        this.source = source;
        this.collectionName = collectionName;
        this.fields = fields;
        this.target = target.getCollection(layout.snapshotCollection(), BsonDocument.class)
                            .withWriteConcern(WriteConcern.MAJORITY);
    }

    /**
     * @param write {@code false} for a dry run: count only
     * @return the snapshots copied (or that would be)
     */
    public long copy(int batchSize, boolean write) {
        SourceReader reader = new SourceReader(source, collectionName, fields, SourceStrategy.DOCUMENT_PER_EVENT, "");
        if (!reader.exists()) {
            return 0;
        }
        long copied = 0;
        String previous = null;
        // newest first within each aggregate: the first document of an aggregate is the one to keep
        try (MongoCursor<BsonDocument> cursor = source.getCollection(collectionName, BsonDocument.class).find()
                                                      .sort(descending(fields.aggregateIdentifier(),
                                                                       fields.sequenceNumber()))
                                                      .batchSize(batchSize).iterator()) {
            while (cursor.hasNext()) {
                SourceEvent snapshot = reader.events(cursor.next()).get(0);
                if (!snapshot.isDomainEvent() || snapshot.aggregateIdentifier().equals(previous)) {
                    continue;
                }
                previous = snapshot.aggregateIdentifier();
                if (newerStored(snapshot)) {
                    continue;
                }
                if (write) {
                    target.replaceOne(eq(StorageLayout.ID, new BsonString(snapshot.aggregateIdentifier())),
                                      CommitWriter.snapshot(snapshot), new ReplaceOptions().upsert(true));
                }
                copied++;
            }
        }
        return copied;
    }

    private boolean newerStored(SourceEvent snapshot) {
        BsonDocument stored = target.find(eq(StorageLayout.ID, new BsonString(snapshot.aggregateIdentifier())))
                                    .first();
        return stored != null && stored.isNumber(StorageLayout.SEQUENCE_NUMBER)
                && stored.getNumber(StorageLayout.SEQUENCE_NUMBER).longValue() >= snapshot.sequenceNumber();
    }
}
