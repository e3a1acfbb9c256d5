package dev.cairn.aggregates.internal;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import dev.cairn.eventstore.mongo.layout.IndexCatalog;
import dev.cairn.eventstore.mongo.support.IndexConflictException;
import dev.cairn.eventstore.mongo.support.MissingIndexException;
import dev.cairn.eventstore.mongo.support.MongoErrors;
import dev.cairn.eventstore.mongo.support.MongoIndexes;
import dev.cairn.processing.Lease;
import org.bson.Document;
import org.bson.conversions.Bson;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.UUID;

/**
 * The {@code idempotency} collection: one document per key ({@code _id}), claimed by the first send as
 * {@code PENDING} and finished as {@code DONE} or {@code FAILED} (ADR 11, ADR 74). Internal to Cairn.
 * <p>
 * Format 2 adds, beside the fields format 1 has ({@code state, commandName, createdAt, expiresAt, result*,
 * failure*}): {@code format: 2}; {@code claim}, the identifier of this use of the key, which the command's commit
 * carries; {@code owner} and a {@link Lease} ({@code lease}) the executing send renews, so that another send can take
 * a key whose node died; {@code target} and {@code fingerprint}, what the key is compared on. Format 1 documents
 * (previous release) are read as before and never taken over: their commits do not carry the key, so nothing could
 * tell whether they ran. A previous-release node reads format 2 documents by the fields both formats share.
 * <p>
 * A TTL index on {@code expiresAt} removes old keys; because TTL deletion is lazy, an expired document is treated as
 * absent.
 */
public final class IdempotencyStore {

    static final int FORMAT = 2;
    static final String FORMAT_FIELD = "format";
    static final String STATE = "state";
    static final String COMMAND_NAME = "commandName";
    static final String TARGET = "target";
    static final String FINGERPRINT = "fingerprint";
    static final String CLAIM = "claim";
    static final String OWNER = "owner";
    static final String LEASE = "lease";
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
     * What a send found: either it claimed the key and must execute under {@code claim}, or the document of an
     * earlier send.
     *
     * @param claimed  whether this send owns the key
     * @param claim    the claim this send executes under, when claimed
     * @param existing the earlier send's document, when not claimed
     */
    public record Claim(boolean claimed, String claim, Document existing) {
    }

    private final MongoCollection<Document> collection;
    private final Duration retention;
    private final Clock clock;
    private final Lease lease;

    /**
     * @param lease how long a send holds a key without renewing it, judged on the database clock
     */
    public IdempotencyStore(MongoCollection<Document> collection, Duration retention, Clock clock, Lease lease) {
        this.collection = collection;
        this.retention = retention;
        this.clock = clock;
        this.lease = lease;
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
     * @return the lease sends hold keys under
     */
    public Lease lease() {
        return lease;
    }

    /**
     * Claims the key for {@code owner}'s send of {@code command}, or returns the live document of an earlier send.
     * One upsert: it inserts the key with a fresh claim and a lease stamped by the lease's clock, or fails on the
     * key's {@code _id} when the key exists.
     */
    public Claim claim(String key, CommandFingerprint command, String owner) {
        while (true) {
            Date now = Date.from(clock.instant());
            String claim = UUID.randomUUID().toString();
            List<Bson> fields = new ArrayList<>(List.of(
                    Updates.setOnInsert(FORMAT_FIELD, FORMAT),
                    Updates.setOnInsert(STATE, State.PENDING.name()),
                    Updates.setOnInsert(COMMAND_NAME, command.commandName()),
                    Updates.setOnInsert(OWNER, owner),
                    Updates.setOnInsert(CREATED_AT, now),
                    Updates.setOnInsert(EXPIRES_AT, Date.from(now.toInstant().plus(retention))),
                    lease.take(owner)));
            if (command.target() != null) {
                fields.add(Updates.setOnInsert(TARGET, command.target()));
            }
            if (command.fingerprint() != null) {
                fields.add(Updates.setOnInsert(FINGERPRINT, command.fingerprint()));
            }
            try {
                // the filter never matches a stored key (the claim is new), so the upsert inserts or hits the _id
                collection.updateOne(Filters.and(Filters.eq("_id", key), Filters.eq(CLAIM, claim)),
                                     Updates.combine(fields), new UpdateOptions().upsert(true));
                return new Claim(true, claim, null);
            } catch (RuntimeException e) {
                if (!MongoErrors.isDuplicateKey(e)) {
                    throw e;
                }
            }
            Document existing = find(key);
            if (existing == null) {
                continue; // removed between our upsert and read: claim again
            }
            Date expiresAt = existing.getDate(EXPIRES_AT);
            if (expiresAt != null && !expiresAt.after(now)) {
                // Expired but not yet removed by the TTL monitor: only one send removes this exact document.
                collection.deleteOne(Filters.and(Filters.eq("_id", key), Filters.eq(EXPIRES_AT, expiresAt)));
                continue;
            }
            return new Claim(false, null, existing);
        }
    }

    /**
     * Takes a pending key whose send's lease has ended on the database clock, for {@code owner}: one conditional
     * update, so of several sends racing for it one wins.
     *
     * @return whether {@code owner} now holds the key's {@code claim}
     */
    public boolean takeOver(String key, String claim, String owner) {
        Bson filter = Filters.and(Filters.eq("_id", key), Filters.eq(CLAIM, claim),
                                  Filters.eq(STATE, State.PENDING.name()), lease.expired(OWNER));
        return collection.updateOne(filter, Updates.combine(Updates.set(OWNER, owner), lease.take(owner)))
                         .getMatchedCount() == 1;
    }

    /**
     * Renews {@code owner}'s lease on the key.
     *
     * @return whether {@code owner} still held it
     */
    public boolean renew(String key, String claim, String owner) {
        return collection.updateOne(owned(key, claim, owner), lease.take(owner)).getMatchedCount() == 1;
    }

    /**
     * @return the key's document, or {@code null}
     */
    public Document find(String key) {
        return collection.find(Filters.eq("_id", key)).first();
    }

    /**
     * Records a successful execution; {@code resultType} is {@code null} for a {@code null} result.
     *
     * @return whether {@code owner} still held the key (otherwise nothing was written: the send holding it settles it)
     */
    public boolean done(String key, String claim, String owner, String resultType, String resultRevision,
                        String result) {
        return finish(key, claim, owner, Updates.combine(Updates.set(STATE, State.DONE.name()),
                                                         Updates.set(RESULT_TYPE, resultType),
                                                         Updates.set(RESULT_REVISION, resultRevision),
                                                         Updates.set(RESULT, result)));
    }

    /**
     * Records a failed execution: one that stored nothing.
     *
     * @return whether {@code owner} still held the key (otherwise nothing was written)
     */
    public boolean failed(String key, String claim, String owner, String failureType, String failureMessage) {
        return finish(key, claim, owner, Updates.combine(Updates.set(STATE, State.FAILED.name()),
                                                         Updates.set(FAILURE_TYPE, failureType),
                                                         Updates.set(FAILURE_MESSAGE, failureMessage)));
    }

    private boolean finish(String key, String claim, String owner, Bson update) {
        return collection.updateOne(owned(key, claim, owner), Updates.combine(update, lease.release()))
                         .getMatchedCount() == 1;
    }

    private static Bson owned(String key, String claim, String owner) {
        return Filters.and(Filters.eq("_id", key), Filters.eq(CLAIM, claim), Filters.eq(OWNER, owner),
                           Filters.eq(STATE, State.PENDING.name()));
    }
}
