package dev.cairn.eventstore.mongo;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.Sorts;
import org.bson.Document;

/**
 * Plays a writer of an earlier version, which allocated global indexes from a counter, that has reserved indexes but
 * not stored its commit yet when the store is upgraded. Commits claimed by insert never leave such a gap (ADR 70); a
 * store written by earlier versions can still hold one, and readers must still handle it.
 */
final class InFlightWriters {

    private InFlightWriters() {
    }

    /**
     * Puts the sequence document back to an earlier version's counter that has handed out {@code count} indexes
     * above the highest stored one. An engine built afterwards switches it and lays its commits out above them.
     *
     * @return the first reserved index
     */
    static long reserveIndexesBeforeUpgrade(MongoDatabase database, int count) {
        Document highest = database.getCollection("events").find().sort(Sorts.descending("lastGlobalIndex")).first();
        long first = highest == null ? 1 : highest.getLong("lastGlobalIndex") + 1;
        database.getCollection("sequences").replaceOne(Filters.eq("_id", "events"),
                                                       new Document("_id", "events").append("value",
                                                                                            first + count - 1),
                                                       new ReplaceOptions().upsert(true));
        return first;
    }
}
