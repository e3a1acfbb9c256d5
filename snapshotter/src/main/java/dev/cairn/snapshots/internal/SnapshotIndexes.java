package dev.cairn.snapshots.internal;

import com.mongodb.MongoCommandException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import dev.cairn.eventstore.mongo.internal.MongoErrors;
import org.bson.Document;

/**
 * The indexes housekeeping needs on the snapshot collection, created idempotently at start-up.
 */
public final class SnapshotIndexes {

    public static final String TYPE_TIMESTAMP = "cairn_snapshots_type_timestamp";
    public static final String TYPE_REVISION = "cairn_snapshots_type_revision";

    private SnapshotIndexes() {
    }

    public static void ensure(MongoCollection<Document> snapshots) {
        create(snapshots, TYPE_TIMESTAMP, "aggregateType", "timestamp");
        create(snapshots, TYPE_REVISION, "aggregateType", "payloadRevision");
    }

    private static void create(MongoCollection<Document> snapshots, String name, String first, String second) {
        try {
            // createIndex with an identical definition is a no-op, so start-up may run it every time
            snapshots.createIndex(Indexes.ascending(first, second), new IndexOptions().name(name));
        } catch (MongoCommandException e) {
            if (MongoErrors.isIndexConflict(e)) {
                String collection = snapshots.getNamespace().getCollectionName();
                throw new IllegalStateException(
                        "Collection [" + collection + "] has an index named [" + name + "] or on {" + first + ", "
                                + second + "} with another definition. Drop it (db." + collection + ".dropIndex(\""
                                + name + "\")) and restart; Cairn recreates it.", e);
            }
            throw e;
        }
    }
}
