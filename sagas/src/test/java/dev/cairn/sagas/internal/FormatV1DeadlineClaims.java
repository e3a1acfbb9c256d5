package dev.cairn.sagas.internal;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import org.bson.BsonDateTime;
import org.bson.BsonDocument;
import org.bson.BsonInt64;
import org.bson.BsonString;
import org.bson.conversions.Bson;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A node of the release before ADR 71, for side-by-side tests: a copy of that release's deadline claims
 * ({@code owner} and {@code leaseUntil} on the node's own clock, no lease sub-document). Do not change it to follow the
 * current format; it stands for nodes still running during a rolling deploy.
 */
final class FormatV1DeadlineClaims {

    private final MongoCollection<BsonDocument> deadlines;
    private final String owner;
    private final Duration lease;
    private final Clock clock;

    FormatV1DeadlineClaims(MongoCollection<BsonDocument> deadlines, String owner, Duration lease, Clock clock) {
        this.deadlines = deadlines;
        this.owner = owner;
        this.lease = lease;
        this.clock = clock;
    }

    /** @return whether this node claimed the deadline {@code id} in one poll round */
    boolean claimDue(String id) {
        BsonDateTime at = new BsonDateTime(clock.millis());
        Bson due = Filters.or(new BsonDocument("status", new BsonString("SCHEDULED")).append("dueAt", new BsonDocument("$lte", at)),
                              new BsonDocument("status", new BsonString("RUNNING")).append("leaseUntil", new BsonDocument("$lt", at)));
        List<BsonDocument> claimable = deadlines.find(due).sort(Sorts.ascending("dueAt")).into(new ArrayList<>());
        for (BsonDocument read : claimable) {
            if (!read.getString("_id").getValue().equals(id)) {
                continue;
            }
            BsonDocument filter = new BsonDocument("_id", read.get("_id")).append("version", read.get("version"));
            if ("RUNNING".equals(read.getString("status").getValue())) {
                filter.append("status", new BsonString("RUNNING")).append("leaseUntil", new BsonDocument("$lt", at));
            } else {
                filter.append("status", new BsonString("SCHEDULED")).append("dueAt", new BsonDocument("$lte", at));
            }
            return deadlines.updateOne(filter, Updates.combine(
                    Updates.set("status", "RUNNING"), Updates.set("owner", owner),
                    Updates.set("leaseUntil", new BsonDateTime(clock.instant().plus(lease).toEpochMilli())),
                    Updates.inc("attempts", 1), Updates.inc("version", 1L))).getMatchedCount() == 1;
        }
        return false;
    }

    /** The release's retry: back to scheduled, claim fields removed, if the version still matches. */
    boolean retry(String id, long version) {
        return deadlines.updateOne(new BsonDocument("_id", new BsonString(id)).append("version", new BsonInt64(version)),
                                   Updates.combine(Updates.set("status", "SCHEDULED"),
                                                   Updates.set("dueAt", new BsonDateTime(clock.millis())),
                                                   Updates.unset("owner"), Updates.unset("leaseUntil"),
                                                   Updates.inc("version", 1L))).getMatchedCount() == 1;
    }
}
