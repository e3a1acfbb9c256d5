package dev.cairn.processing.internal.tokens;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.result.UpdateResult;
import dev.cairn.eventstore.mongo.layout.IndexCatalog;
import dev.cairn.eventstore.mongo.support.IndexSpec;
import dev.cairn.eventstore.mongo.support.MongoIndexes;
import dev.cairn.processing.StoredSegment;
import org.axonframework.eventhandling.TrackingToken;
import org.bson.BsonArray;
import org.bson.BsonDateTime;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonNull;
import org.bson.BsonString;
import org.bson.BsonValue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The token collection: one document per processor segment, claimed by a node with a conditional update.
 * <pre>
 * { processorName: "balances", segment: 0, owner: "host-4711", claimedAt: ISODate(..),
 *   token: { type: "gapAware", index: 41, gaps: [] }, updatedAt: ISODate(..) }
 * </pre>
 * A claim is free when it has no owner, belongs to the caller, or was last taken or extended more than the claim
 * timeout ago. The storage identifier lives in the document of processor {@code __config}, segment 0.
 */
public final class TokenCollection {

    static final String PROCESSOR = "processorName";
    static final String SEGMENT = "segment";
    static final String OWNER = "owner";
    static final String CLAIMED_AT = "claimedAt";
    static final String TOKEN = "token";
    static final String UPDATED_AT = "updatedAt";
    private static final String STORAGE_IDENTIFIER = "storageIdentifier";
    private static final String CONFIG = "__config";

    public static final List<IndexSpec> INDEXES = IndexCatalog.TOKENS;

    private final MongoCollection<BsonDocument> tokens;

    public TokenCollection(MongoCollection<BsonDocument> tokens) {
        this.tokens = tokens;
    }

    /** Creates the collection's indexes, or with {@code create} off checks that they exist. */
    public void ensureIndexes(boolean create) {
        MongoIndexes.prepare(tokens, INDEXES, create);
    }

    public String name() {
        return tokens.getNamespace().getCollectionName();
    }

    /** Inserts segments in order; a duplicate stops the insert at the first segment another node stored. */
    public void insert(String processor, List<Integer> segments, BsonValue token, String owner, Instant now) {
        List<BsonDocument> documents = new ArrayList<>();
        for (int segment : segments) {
            documents.add(key(processor, segment).append(OWNER, owner == null ? BsonNull.VALUE : new BsonString(owner))
                                                 .append(CLAIMED_AT, owner == null ? BsonNull.VALUE : date(now))
                                                 .append(TOKEN, token).append(UPDATED_AT, date(now)));
        }
        if (documents.size() == 1) {
            tokens.insertOne(documents.get(0));
        } else {
            tokens.insertMany(documents);
        }
    }

    /**
     * Claims the segment for {@code owner} if its claim is free.
     *
     * @return the document before the claim, {@code null} when the segment is absent or claimed by another node
     */
    public BsonDocument claim(String processor, int segment, String owner, Instant now, Duration timeout) {
        // the document as it was: its token is not changed by the claim (BEFORE is also safe under concurrency)
        return tokens.findOneAndUpdate(claimable(processor, segment, owner, now, timeout),
                                       new BsonDocument("$set", new BsonDocument(OWNER, new BsonString(owner))
                                               .append(CLAIMED_AT, date(now))),
                                       new FindOneAndUpdateOptions().returnDocument(ReturnDocument.BEFORE));
    }

    /** Stores the token and claims the segment for {@code owner}, if its claim is free. */
    public boolean store(String processor, int segment, BsonValue token, String owner, Instant now, Duration timeout) {
        UpdateResult result = tokens.updateOne(claimable(processor, segment, owner, now, timeout),
                                               new BsonDocument("$set", new BsonDocument(TOKEN, token)
                                                       .append(OWNER, new BsonString(owner))
                                                       .append(CLAIMED_AT, date(now))
                                                       .append(UPDATED_AT, date(now))));
        return result.getMatchedCount() > 0;
    }

    /** Extends the claim of {@code owner}; {@code false} when it does not hold it. */
    public boolean extend(String processor, int segment, String owner, Instant now) {
        return tokens.updateOne(key(processor, segment).append(OWNER, new BsonString(owner)),
                                new BsonDocument("$set", new BsonDocument(CLAIMED_AT, date(now))))
                     .getMatchedCount() > 0;
    }

    public void release(String processor, int segment, String owner) {
        tokens.updateOne(key(processor, segment).append(OWNER, new BsonString(owner)),
                         new BsonDocument("$set", new BsonDocument(OWNER, BsonNull.VALUE)
                                 .append(CLAIMED_AT, BsonNull.VALUE)));
    }

    /** Deletes the segment if {@code owner} holds its claim; {@code false} otherwise. */
    public boolean delete(String processor, int segment, String owner) {
        return tokens.deleteOne(key(processor, segment).append(OWNER, new BsonString(owner))).getDeletedCount() > 0;
    }

    /** Deletes every segment of {@code processor}, claimed or not. */
    public long deleteAll(String processor) {
        return tokens.deleteMany(new BsonDocument(PROCESSOR, new BsonString(processor))).getDeletedCount();
    }

    public BsonDocument find(String processor, int segment) {
        return tokens.find(key(processor, segment)).first();
    }

    /** @return the segment documents of a processor, by segment */
    public List<BsonDocument> findAll(String processor) {
        return tokens.find(new BsonDocument(PROCESSOR, new BsonString(processor)))
                     .sort(Sorts.ascending(SEGMENT)).into(new ArrayList<>());
    }

    /** @return the names of all processors with segments */
    public List<String> processors() {
        List<String> names = new ArrayList<>();
        tokens.distinct(PROCESSOR, BsonString.class).forEach(name -> {
            if (!CONFIG.equals(name.getValue())) {
                names.add(name.getValue());
            }
        });
        names.sort(String::compareTo);
        return names;
    }

    public boolean exists(String processor) {
        return tokens.find(new BsonDocument(PROCESSOR, new BsonString(processor)))
                     .projection(Projections.include(SEGMENT)).limit(1).first() != null;
    }

    /** @return this storage's identifier, created by the first caller */
    public String storageIdentifier() {
        BsonDocument config = tokens.findOneAndUpdate(
                key(CONFIG, 0),
                new BsonDocument("$setOnInsert", new BsonDocument(STORAGE_IDENTIFIER,
                                                                  new BsonString(UUID.randomUUID().toString()))),
                new FindOneAndUpdateOptions().upsert(true).returnDocument(ReturnDocument.AFTER));
        if (config == null || !config.containsKey(STORAGE_IDENTIFIER)) {
            // a concurrent upsert won: read what it stored
            config = tokens.find(key(CONFIG, 0)).first();
        }
        return config.getString(STORAGE_IDENTIFIER).getValue();
    }

    /** @return the segment as a readable value */
    public static StoredSegment segment(BsonDocument document, TrackingToken token) {
        return new StoredSegment(document.getString(PROCESSOR).getValue(), document.getInt32(SEGMENT).getValue(),
                                 token, string(document, OWNER), instant(document, CLAIMED_AT),
                                 instant(document, UPDATED_AT));
    }

    static String string(BsonDocument document, String field) {
        BsonValue value = document.get(field);
        return value == null || value.isNull() ? null : value.asString().getValue();
    }

    static Instant instant(BsonDocument document, String field) {
        BsonValue value = document.get(field);
        return value == null || value.isNull() ? null : Instant.ofEpochMilli(value.asDateTime().getValue());
    }

    private static BsonDocument claimable(String processor, int segment, String owner, Instant now,
                                          Duration timeout) {
        BsonArray free = new BsonArray(List.of(
                new BsonDocument(OWNER, BsonNull.VALUE),
                new BsonDocument(OWNER, new BsonString(owner)),
                new BsonDocument(CLAIMED_AT, new BsonDocument("$lt", date(now.minus(timeout))))));
        return key(processor, segment).append("$or", free);
    }

    private static BsonDocument key(String processor, int segment) {
        return new BsonDocument(PROCESSOR, new BsonString(processor)).append(SEGMENT, new BsonInt32(segment));
    }

    private static BsonDateTime date(Instant instant) {
        return new BsonDateTime(instant.toEpochMilli());
    }
}
