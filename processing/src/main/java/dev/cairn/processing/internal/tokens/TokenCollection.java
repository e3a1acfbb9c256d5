package dev.cairn.processing.internal.tokens;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import com.mongodb.client.result.UpdateResult;
import dev.cairn.eventstore.mongo.layout.IndexCatalog;
import dev.cairn.eventstore.mongo.support.IndexSpec;
import dev.cairn.eventstore.mongo.support.MongoIndexes;
import dev.cairn.processing.Lease;
import dev.cairn.processing.StoredSegment;
import org.axonframework.eventhandling.TrackingToken;
import org.bson.BsonArray;
import org.bson.BsonDateTime;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonNull;
import org.bson.BsonString;
import org.bson.BsonValue;
import org.bson.conversions.Bson;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The token collection: one document per processor segment, claimed by a node with a conditional update.
 * <pre>
 * { processorName: "balances", segment: 0, owner: "host-4711", claimedAt: ISODate(..),
 *   lease: { format: 2, owner: "host-4711", at: ISODate(..), ms: 10000 },
 *   token: { type: "gapAware", index: 41, gaps: [] }, updatedAt: ISODate(..) }
 * </pre>
 * A claim is free when it has no owner, belongs to the caller, or its {@link Lease} expired on the database's clock
 * (taken more than the caller's claim timeout ago, as Axon's token stores judge).
 * {@code owner} and {@code claimedAt} (the node's clock) are what nodes of the previous format read and write; a claim
 * such a node took (its {@code lease} absent or naming another owner) expires {@code claimedAt} plus this node's claim
 * timeout, also judged on the database's clock (ADR 71). The storage identifier lives in the document of processor
 * {@code __config}, segment 0.
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

    /** The field of a claim's {@link Lease}. */
    public static final String LEASE = "lease";

    private final MongoCollection<BsonDocument> tokens;
    private final Lease lease;

    /** @param lease the lease of claims, at path {@code lease}; its duration is the claim timeout */
    public TokenCollection(MongoCollection<BsonDocument> tokens, Lease lease) {
        this.tokens = tokens;
        this.lease = lease;
    }

    /** Creates the collection's indexes, or with {@code create} off checks that they exist. */
    public void ensureIndexes(boolean create) {
        MongoIndexes.prepare(tokens, INDEXES, create);
    }

    public String name() {
        return tokens.getNamespace().getCollectionName();
    }

    /** Inserts segments in order; a duplicate stops the insert at the first segment another node stored. */
    public void insert(String processor, List<Integer> segments, BsonValue token, Instant now) {
        // inserted unclaimed: the first fetch claims with a lease
        List<BsonDocument> documents = new ArrayList<>();
        for (int segment : segments) {
            documents.add(key(processor, segment).append(OWNER, BsonNull.VALUE).append(CLAIMED_AT, BsonNull.VALUE)
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
    public BsonDocument claim(String processor, int segment, String owner, Instant now) {
        // the document as it was: its token is not changed by the claim (BEFORE is also safe under concurrency)
        return tokens.findOneAndUpdate(claimable(processor, segment, owner), taken(owner, now),
                                       new FindOneAndUpdateOptions().returnDocument(ReturnDocument.BEFORE));
    }

    /** Stores the token and claims the segment for {@code owner}, if its claim is free. */
    public boolean store(String processor, int segment, BsonValue token, String owner, Instant now) {
        UpdateResult result = tokens.updateOne(claimable(processor, segment, owner),
                                               Updates.combine(taken(owner, now), Updates.set(TOKEN, token),
                                                               Updates.set(UPDATED_AT, date(now))));
        return result.getMatchedCount() > 0;
    }

    /** Extends the claim of {@code owner}; {@code false} when it does not hold it (another node took it over). */
    public boolean extend(String processor, int segment, String owner, Instant now) {
        return tokens.updateOne(key(processor, segment).append(OWNER, new BsonString(owner)), taken(owner, now))
                     .getMatchedCount() > 0;
    }

    public void release(String processor, int segment, String owner) {
        tokens.updateOne(key(processor, segment).append(OWNER, new BsonString(owner)),
                         Updates.combine(Updates.set(OWNER, BsonNull.VALUE), Updates.set(CLAIMED_AT, BsonNull.VALUE),
                                         lease.release()));
    }

    /** @return the segments of {@code processor} whose claim is free for {@code owner}, by segment */
    public List<Integer> claimableSegments(String processor, String owner) {
        List<Integer> segments = new ArrayList<>();
        tokens.find(free(owner).append(PROCESSOR, new BsonString(processor))).projection(Projections.include(SEGMENT))
              .sort(Sorts.ascending(SEGMENT)).forEach(document -> segments.add(document.getInt32(SEGMENT).getValue()));
        return segments;
    }

    /**
     * @return when the claim in {@code document} ends as this node judges it (its own claim timeout, as Axon's token
     * stores do); {@code null} when unclaimed
     */
    public Instant claimedUntil(BsonDocument document) {
        String owner = string(document, OWNER);
        Instant takenAt = lease.takenAt(document, owner);
        if (takenAt == null && owner != null) {
            takenAt = instant(document, CLAIMED_AT);
        }
        return takenAt == null ? null : takenAt.plus(lease.duration());
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

    /** Takes the lease and writes the claim fields nodes of the previous format read (their clock: the node's). */
    private Bson taken(String owner, Instant now) {
        return Updates.combine(Updates.set(OWNER, owner), Updates.set(CLAIMED_AT, date(now)), lease.take(owner));
    }

    private BsonDocument claimable(String processor, int segment, String owner) {
        BsonDocument filter = key(processor, segment);
        filter.putAll(free(owner));
        return filter;
    }

    private BsonDocument free(String owner) {
        BsonArray free = new BsonArray(List.of(
                new BsonDocument(OWNER, BsonNull.VALUE),
                new BsonDocument(OWNER, new BsonString(owner)),
                // the claimant's own timeout decides, as in Axon's token stores
                lease.expiredByOwnDuration(OWNER),
                lease.previousFormatExpired(OWNER, CLAIMED_AT, lease.duration())));
        return new BsonDocument("$or", free);
    }

    private static BsonDocument key(String processor, int segment) {
        return new BsonDocument(PROCESSOR, new BsonString(processor)).append(SEGMENT, new BsonInt32(segment));
    }

    private static BsonDateTime date(Instant instant) {
        return new BsonDateTime(instant.toEpochMilli());
    }
}
