package dev.cairn.projections.internal.deadletter;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import org.bson.BsonDateTime;
import org.bson.BsonDocument;
import org.bson.BsonNull;
import org.bson.BsonString;
import org.bson.conversions.Bson;

import java.time.Clock;
import java.time.Duration;

/**
 * A node of the release before ADR 71, for side-by-side tests: a copy of that release's sequence claims
 * ({@code claim: {owner, at}} judged on the node's own clock, no lease). Do not change it to follow the current format;
 * it stands for nodes still running during a rolling deploy.
 */
final class FormatV1SequenceClaims {

    private final MongoCollection<BsonDocument> collection;
    private final String owner;
    private final Duration claimDuration;
    private final Clock clock;

    FormatV1SequenceClaims(MongoCollection<BsonDocument> collection, String owner, Duration claimDuration,
                           Clock clock) {
        this.collection = collection;
        this.owner = owner;
        this.claimDuration = claimDuration;
        this.clock = clock;
    }

    boolean claim(String letterId) {
        BsonDocument claim = new BsonDocument("owner", new BsonString(owner))
                .append("at", new BsonDateTime(clock.millis()));
        return collection.updateOne(Filters.and(Filters.eq("_id", letterId), claimable()), Updates.set("claim", claim))
                         .getMatchedCount() > 0;
    }

    void release(String letterId) {
        collection.updateOne(Filters.and(Filters.eq("_id", letterId), Filters.eq("claim.owner", owner)),
                             Updates.set("claim", BsonNull.VALUE));
    }

    private Bson claimable() {
        return Filters.or(Filters.eq("claim", null), Filters.lt("claim.at", new BsonDateTime(
                clock.instant().minus(claimDuration).toEpochMilli())));
    }
}
