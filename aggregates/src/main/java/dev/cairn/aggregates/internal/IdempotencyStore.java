package dev.cairn.aggregates.internal;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import dev.cairn.eventstore.mongo.support.IndexConflictException;
import dev.cairn.eventstore.mongo.layout.IndexCatalog;
import dev.cairn.eventstore.mongo.support.MissingIndexException;
import dev.cairn.eventstore.mongo.support.MongoErrors;
import dev.cairn.eventstore.mongo.support.MongoIndexes;
import org.bson.Document;
import org.bson.conversions.Bson;

import java.time.Clock;
import java.time.Duration;
import java.util.Date;

/**
 * The {@code idempotency} collection: one document per key ({@code _id}), claimed by the first send as
 * {@code PENDING} and finished as {@code DONE} or {@code FAILED}. A TTL index on {@code expiresAt} removes old keys;
 * because TTL deletion is lazy, an expired document is treated as absent. Internal to Cairn.
 */
public final class IdempotencyStore {

    static final String STATE = "state";
    static final String COMMAND_NAME = "commandName";
    static final String CREATED_AT = "createdAt";
    static final String EXPIRES_AT = "expiresAt";
    static final String RESULT = "result";
    static final String RESULT_TYPE = "resultType";
    static final String RESULT_REVISION = "resultRevision";
    static final String FAILURE_TYPE = "failureType";
    static final String FAILURE_MESSAGE = "failureMessage";

    /**
     * The state of a key.
     */
    public enum State { PENDING, DONE, FAILED }

    /**
     * What a send found: either it claimed the key and must execute, or the document of an earlier send.
     *
     * @param claimed  whether this send owns the key
     * @param existing the earlier send's document, when not claimed
     */
    public record Claim(boolean claimed, Document existing) {
    }

    private final MongoCollection<Document> collection;
    private final Duration retention;
    private final Clock clock;

    public IdempotencyStore(MongoCollection<Document> collection, Duration retention, Clock clock) {
        this.collection = collection;
        this.retention = retention;
        this.clock = clock;
    }

    /**
     * Creates the TTL index (expire at {@code expiresAt}) of {@link IndexCatalog#IDEMPOTENCY}, unless it exists with
     * the same definition; with {@code create} off only checks that it does.
     *
     * @throws IndexConflictException naming collection and index when an index of that name differs
     * @throws MissingIndexException  naming collection and index when {@code create} is off and it is missing
     */
    public void ensureIndexes(boolean create) {
        MongoIndexes.prepare(collection, IndexCatalog.IDEMPOTENCY, create);
    }

    /**
     * Claims the key for a send of {@code commandName}, or returns the live document of an earlier send.
     */
    public Claim claim(String key, String commandName) {
        while (true) {
            Date now = Date.from(clock.instant());
            Document pending = new Document("_id", key).append(STATE, State.PENDING.name())
                                                       .append(COMMAND_NAME, commandName)
                                                       .append(CREATED_AT, now)
                                                       .append(EXPIRES_AT, Date.from(now.toInstant().plus(retention)));
            try {
                collection.insertOne(pending);
                return new Claim(true, null);
            } catch (RuntimeException e) {
                if (!MongoErrors.isDuplicateKey(e)) {
                    throw e;
                }
            }
            Document existing = find(key);
            if (existing == null) {
                continue; // removed between our insert and read: claim again
            }
            Date expiresAt = existing.getDate(EXPIRES_AT);
            if (expiresAt != null && !expiresAt.after(now)) {
                // Expired but not yet removed by the TTL monitor: only one send removes this exact document.
                collection.deleteOne(Filters.and(Filters.eq("_id", key), Filters.eq(EXPIRES_AT, expiresAt)));
                continue;
            }
            return new Claim(false, existing);
        }
    }

    /**
     * @return the key's document, or {@code null}
     */
    public Document find(String key) {
        return collection.find(Filters.eq("_id", key)).first();
    }

    /**
     * Records a successful execution; {@code resultType} is {@code null} for a {@code null} result.
     */
    public void done(String key, String resultType, String resultRevision, String result) {
        finish(key, Updates.combine(Updates.set(STATE, State.DONE.name()),
                                    Updates.set(RESULT_TYPE, resultType),
                                    Updates.set(RESULT_REVISION, resultRevision),
                                    Updates.set(RESULT, result)));
    }

    /**
     * Records a failed execution.
     */
    public void failed(String key, String failureType, String failureMessage) {
        finish(key, Updates.combine(Updates.set(STATE, State.FAILED.name()),
                                    Updates.set(FAILURE_TYPE, failureType),
                                    Updates.set(FAILURE_MESSAGE, failureMessage)));
    }

    private void finish(String key, Bson update) {
        collection.updateOne(Filters.eq("_id", key), update);
    }
}
