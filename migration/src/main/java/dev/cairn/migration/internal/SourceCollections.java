package dev.cairn.migration.internal;

import com.mongodb.client.MongoDatabase;

/** Which collections the source database holds. */
final class SourceCollections {

    private SourceCollections() {
    }

    static boolean exists(MongoDatabase database, String name) {
        for (String existing : database.listCollectionNames()) {
            if (existing.equals(name)) {
                return true;
            }
        }
        return false;
    }
}
