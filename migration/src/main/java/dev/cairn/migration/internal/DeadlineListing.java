package dev.cairn.migration.internal;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import org.bson.BsonDocument;
import org.bson.BsonValue;

import java.util.ArrayList;
import java.util.List;

/**
 * Lists the deadlines the migration cannot move. The extension stores no deadlines: Axon keeps them in the deadline
 * manager the application configured (Quartz, JobRunr, db-scheduler, or in memory). Where such a scheduler keeps its
 * jobs in a collection of the source database (the names given, e.g. JobRunr's {@code jobrunr_jobs} or Quartz's
 * {@code quartz_triggers}), every document is listed with its identifier and the time fields it has, for the
 * operator to schedule again on Cairn's deadline manager (ADR 82).
 */
public final class DeadlineListing {

    /** Lines listed at most; the rest are counted. */
    static final int LISTED = 1000;
    private static final List<String> TIME_FIELDS = List.of("scheduledAt", "nextFireTime", "executionTime",
                                                            "deadlineName", "name", "state");

    private final MongoDatabase source;
    private final List<String> collections;

    public DeadlineListing(MongoDatabase source, List<String> collections) {
        this.source = source;
        this.collections = collections;
    }

    /** @return one line per scheduled job found, naming its collection, identifier and times */
    public List<String> list() {
        List<String> lines = new ArrayList<>();
        for (String name : collections) {
            if (!SourceCollections.exists(source, name)) {
                continue;
            }
            MongoCollection<BsonDocument> jobs = source.getCollection(name, BsonDocument.class);
            long count = jobs.countDocuments();
            for (BsonDocument job : jobs.find().limit(LISTED)) {
                StringBuilder line = new StringBuilder(name).append(" _id=").append(job.get("_id"));
                for (String field : TIME_FIELDS) {
                    BsonValue value = job.get(field);
                    if (value != null && !value.isDocument() && !value.isArray()) {
                        line.append(' ').append(field).append('=').append(text(value));
                    }
                }
                lines.add(line.append(": not moved, schedule it again on Cairn's deadline manager").toString());
            }
            if (count > LISTED) {
                lines.add(name + ": " + (count - LISTED) + " more not listed");
            }
        }
        return lines;
    }

    private static String text(BsonValue value) {
        if (value.isString()) {
            return value.asString().getValue();
        }
        if (value.isDateTime()) {
            return java.time.Instant.ofEpochMilli(value.asDateTime().getValue()).toString();
        }
        return String.valueOf(value.isNumber() ? value.asNumber().longValue() : value);
    }
}
