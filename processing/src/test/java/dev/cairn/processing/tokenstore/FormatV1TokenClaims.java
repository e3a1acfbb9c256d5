package dev.cairn.processing.tokenstore;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import org.bson.BsonArray;
import org.bson.BsonDateTime;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonNull;
import org.bson.BsonString;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * A node of the release before ADR 71, for side-by-side tests: a copy of that release's token claims (owner and
 * {@code claimedAt}, judged on the node's own clock, no lease sub-document). Do not change it to follow the current
 * format; it stands for nodes still running during a rolling deploy.
 */
final class FormatV1TokenClaims {

    private final MongoCollection<BsonDocument> tokens;
    private final String owner;
    private final Duration timeout;
    private final Clock clock;

    FormatV1TokenClaims(MongoCollection<BsonDocument> tokens, String owner, Duration timeout, Clock clock) {
        this.tokens = tokens;
        this.owner = owner;
        this.timeout = timeout;
        this.clock = clock;
    }

    /** @return whether this node now holds the segment's claim (the release's {@code fetchToken}) */
    boolean claim(String processor, int segment) {
        return tokens.findOneAndUpdate(claimable(processor, segment),
                                       new BsonDocument("$set", new BsonDocument("owner", new BsonString(owner))
                                               .append("claimedAt", now())),
                                       new FindOneAndUpdateOptions().returnDocument(ReturnDocument.BEFORE)) != null;
    }

    /** @return whether this node still held the claim it extended */
    boolean extend(String processor, int segment) {
        return tokens.updateOne(key(processor, segment).append("owner", new BsonString(owner)),
                                new BsonDocument("$set", new BsonDocument("claimedAt", now())))
                     .getMatchedCount() > 0;
    }

    void release(String processor, int segment) {
        tokens.updateOne(key(processor, segment).append("owner", new BsonString(owner)),
                         new BsonDocument("$set", new BsonDocument("owner", BsonNull.VALUE)
                                 .append("claimedAt", BsonNull.VALUE)));
    }

    private BsonDocument claimable(String processor, int segment) {
        BsonArray free = new BsonArray(List.of(
                new BsonDocument("owner", BsonNull.VALUE),
                new BsonDocument("owner", new BsonString(owner)),
                new BsonDocument("claimedAt", new BsonDocument("$lt", new BsonDateTime(
                        clock.instant().minus(timeout).toEpochMilli())))));
        return key(processor, segment).append("$or", free);
    }

    private BsonDateTime now() {
        return new BsonDateTime(clock.millis());
    }

    private static BsonDocument key(String processor, int segment) {
        return new BsonDocument("processorName", new BsonString(processor)).append("segment", new BsonInt32(segment));
    }
}
