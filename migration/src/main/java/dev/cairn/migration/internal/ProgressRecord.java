package dev.cairn.migration.internal;

import com.mongodb.WriteConcern;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import dev.cairn.migration.MigrationRefusedException;
import org.bson.BsonArray;
import org.bson.BsonDateTime;
import org.bson.BsonDocument;
import org.bson.BsonInt64;
import org.bson.BsonString;

import java.util.LinkedHashSet;
import java.util.Set;

import static com.mongodb.client.model.Filters.eq;

/**
 * The migration's own document in the target ({@value #COLLECTION}, {@code _id: "axon-mongo"}): which source it
 * copies and the highest global index it reserved. It is what tells a previous run of this migration from other
 * writers: the target's head may never be above what the migration reserved.
 * <pre>
 * { _id: "axon-mongo", sourceDatabase: "shop", sourceCollection: "domainevents", reservedUpTo: 20000,
 *   copiedEvents: 20000, runs: 2, lastRunAt: ISODate(..) }
 * </pre>
 */
public final class ProgressRecord {

    /** The target collection holding the progress of migrations. */
    public static final String COLLECTION = "cairn_migrations";
    static final String ID = "axon-mongo";
    private static final String SOURCE_DATABASE = "sourceDatabase";
    private static final String SOURCE_COLLECTION = "sourceCollection";
    private static final String RESERVED_UP_TO = "reservedUpTo";
    private static final String COPIED_EVENTS = "copiedEvents";
    private static final String RUNS = "runs";
    private static final String LAST_RUN_AT = "lastRunAt";
    private static final String DEAD_LETTER_GROUPS = "deadLetterGroups";

    private final MongoCollection<BsonDocument> collection;

    public ProgressRecord(MongoDatabase target) {
        this.collection = target.getCollection(COLLECTION, BsonDocument.class).withWriteConcern(WriteConcern.MAJORITY);
    }

    /**
     * Checks that the migration may write: an empty target, or one only this migration of this source wrote to.
     *
     * @param head the target's highest global index
     * @throws MigrationRefusedException naming what the target holds
     */
    public void requireOwned(long head, String targetName, String sourceDatabase, String sourceCollection) {
        BsonDocument record = collection.find(eq("_id", ID)).first();
        if (record == null) {
            if (head > 0) {
                throw new MigrationRefusedException("Target [" + targetName + "] already holds events (up to global "
                                                            + "index " + head + ") that this migration did not "
                                                            + "write: migrate into an empty database");
            }
            return;
        }
        String database = record.getString(SOURCE_DATABASE, new BsonString("")).getValue();
        String events = record.getString(SOURCE_COLLECTION, new BsonString("")).getValue();
        if (!database.equals(sourceDatabase) || !events.equals(sourceCollection)) {
            throw new MigrationRefusedException("Target [" + targetName + "] holds a migration of [" + database + "."
                                                        + events + "], not of [" + sourceDatabase + "."
                                                        + sourceCollection + "]");
        }
        long reserved = record.getNumber(RESERVED_UP_TO, new BsonInt64(0)).longValue();
        if (head > reserved) {
            throw new MigrationRefusedException("Target [" + targetName + "] holds events above global index "
                                                        + reserved + " (up to " + head + ") that this migration did "
                                                        + "not write: an application already wrote there, so the "
                                                        + "migration will not add to it");
        }
    }

    /** Records, before writing them, that the migration takes the global indexes up to {@code lastIndex}. */
    public void reserve(long lastIndex, String sourceDatabase, String sourceCollection) {
        collection.updateOne(eq("_id", ID),
                             Updates.combine(Updates.max(RESERVED_UP_TO, lastIndex),
                                             Updates.set(SOURCE_DATABASE, sourceDatabase),
                                             Updates.set(SOURCE_COLLECTION, sourceCollection)),
                             new UpdateOptions().upsert(true));
    }

    /** Records a completed run. */
    public void completed(long copied, String sourceDatabase, String sourceCollection) {
        collection.updateOne(eq("_id", ID),
                             Updates.combine(Updates.inc(COPIED_EVENTS, copied), Updates.inc(RUNS, 1),
                                             Updates.set(SOURCE_DATABASE, sourceDatabase),
                                             Updates.set(SOURCE_COLLECTION, sourceCollection),
                                             Updates.set(LAST_RUN_AT, new BsonDateTime(System.currentTimeMillis()))),
                             new UpdateOptions().upsert(true));
    }

    /** @return the processing groups whose dead letters an earlier run moved */
    public Set<String> deadLetterGroups() {
        BsonDocument record = collection.find(eq("_id", ID)).first();
        Set<String> groups = new LinkedHashSet<>();
        if (record != null && record.isArray(DEAD_LETTER_GROUPS)) {
            record.getArray(DEAD_LETTER_GROUPS).forEach(group -> groups.add(group.asString().getValue()));
        }
        return groups;
    }

    /** Records the processing groups whose dead letters this run moved (the next run replaces them). */
    public void deadLetterGroups(Set<String> groups) {
        BsonArray array = new BsonArray();
        groups.forEach(group -> array.add(new BsonString(group)));
        collection.updateOne(eq("_id", ID), Updates.set(DEAD_LETTER_GROUPS, array), new UpdateOptions().upsert(true));
    }

    /** @return the highest global index the migration reserved, 0 before any run */
    public long reservedUpTo() {
        BsonDocument record = collection.find(eq("_id", ID)).first();
        return record == null ? 0 : record.getNumber(RESERVED_UP_TO, new BsonInt64(0)).longValue();
    }
}
