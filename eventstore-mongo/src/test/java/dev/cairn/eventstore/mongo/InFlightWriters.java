package dev.cairn.eventstore.mongo;

import com.mongodb.client.MongoDatabase;
import org.bson.Document;

/**
 * Plays a writer on another node that has reserved global indexes but not stored its commit yet.
 */
final class InFlightWriters {

    private InFlightWriters() {
    }

    /**
     * Reserves {@code count} indexes from the default counter, as a slow or crashed writer would.
     *
     * @return the first reserved index
     */
    static long reserveIndexes(MongoDatabase database, int count) {
        Document before = database.getCollection("sequences").findOneAndUpdate(
                new Document("_id", "events"), new Document("$inc", new Document("value", (long) count)));
        return before.getLong("value") + 1;
    }
}
