package dev.cairn.sagas.internal;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import dev.cairn.eventstore.mongo.support.MongoIndexes;
import dev.cairn.processing.Lease;
import dev.cairn.sagas.internal.DeadlineDocuments.Status;
import org.bson.BsonArray;
import org.bson.BsonDateTime;
import org.bson.BsonDocument;
import org.bson.BsonInt64;
import org.bson.BsonString;
import org.bson.conversions.Bson;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static dev.cairn.sagas.internal.DeadlineDocuments.ATTEMPTS;
import static dev.cairn.sagas.internal.DeadlineDocuments.DUE_AT;
import static dev.cairn.sagas.internal.DeadlineDocuments.ID;
import static dev.cairn.sagas.internal.DeadlineDocuments.LAST_ERROR;
import static dev.cairn.sagas.internal.DeadlineDocuments.LEASE_UNTIL;
import static dev.cairn.sagas.internal.DeadlineDocuments.NAME;
import static dev.cairn.sagas.internal.DeadlineDocuments.OWNER;
import static dev.cairn.sagas.internal.DeadlineDocuments.PARKED_AT;
import static dev.cairn.sagas.internal.DeadlineDocuments.SCOPE_JSON;
import static dev.cairn.sagas.internal.DeadlineDocuments.STATUS;
import static dev.cairn.sagas.internal.DeadlineDocuments.VERSION;

/**
 * The writes and reads of the deadline collection. Every change of a claimed deadline matches its {@code _id} and
 * {@code version}, so of two nodes exactly one wins, and a cancel (a delete) always wins over a running handler. A
 * running deadline's claim is a {@link Lease} judged on the database's clock; {@code owner} and {@code leaseUntil} (the
 * node's clock) are still written for nodes of the previous format, which judge by them.
 */
public final class DeadlineStore {

    private final MongoCollection<BsonDocument> deadlines;
    private final Lease lease;

    /**
     * Creates (or, with {@code createIndexes} off, checks) the indexes of {@link DeadlineDocuments#indexes()}.
     *
     * @param lease the lease of a running deadline, at {@link DeadlineDocuments#LEASE}
     */
    public DeadlineStore(MongoCollection<BsonDocument> deadlines, Lease lease, boolean createIndexes) {
        this.deadlines = deadlines;
        this.lease = lease;
        MongoIndexes.prepare(deadlines, DeadlineDocuments.indexes(), createIndexes);
    }

    public String collectionName() {
        return deadlines.getNamespace().getCollectionName();
    }

    /** Stores a deadline; one already stored under its identifier (scheduled by an earlier delivery) stays as it is. */
    public void insert(BsonDocument deadline) {
        try {
            deadlines.insertOne(deadline);
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
                throw e;
            }
        }
    }

    public void cancel(String id) {
        deadlines.deleteOne(Filters.eq(ID, id));
    }

    public void cancelAll(String name) {
        deadlines.deleteMany(Filters.eq(NAME, name));
    }

    public void cancelAll(String name, String scopeJson) {
        deadlines.deleteMany(new BsonDocument(NAME, new BsonString(name)).append(SCOPE_JSON, new BsonString(scopeJson)));
    }

    /**
     * @return up to {@code limit} deadlines to claim: scheduled and due, or running under an expired lease (the node
     * running them died), earliest first
     */
    public List<BsonDocument> claimable(Instant now, int limit) {
        BsonDateTime at = new BsonDateTime(now.toEpochMilli());
        Bson due = Filters.or(new BsonDocument(STATUS, new BsonString(Status.SCHEDULED.name()))
                                      .append(DUE_AT, new BsonDocument("$lte", at)),
                              runningUnderAnExpiredLease());
        return deadlines.find(due).sort(Sorts.ascending(DUE_AT)).limit(limit).into(new ArrayList<>());
    }

    /**
     * Claims a deadline as it was read: the filter repeats what made it claimable (its version and status, and for a
     * running one the expired lease), so the check happens in the same atomic write as the claim. Matching the version
     * alone would trust the read, and a read can see a document half-way through another node's claim (the embedded
     * test server returns live documents).
     *
     * @return whether this node claimed the deadline
     */
    public boolean claim(BsonDocument read, Instant now, String owner, Instant leaseUntil) {
        String id = DeadlineDocuments.id(read);
        BsonDocument filter = at(id, DeadlineDocuments.version(read));
        if (Status.RUNNING.name().equals(read.getString(STATUS).getValue())) {
            filter.putAll(runningUnderAnExpiredLease());
        } else {
            filter.append(STATUS, new BsonString(Status.SCHEDULED.name()))
                  .append(DUE_AT, new BsonDocument("$lte", new BsonDateTime(now.toEpochMilli())));
        }
        return deadlines.updateOne(filter,
                                   Updates.combine(Updates.set(STATUS, Status.RUNNING.name()),
                                                   Updates.set(OWNER, owner),
                                                   Updates.set(LEASE_UNTIL, new BsonDateTime(leaseUntil.toEpochMilli())),
                                                   lease.take(owner),
                                                   Updates.inc(ATTEMPTS, 1),
                                                   Updates.inc(VERSION, 1L)))
                        .getMatchedCount() == 1;
    }

    /** Removes a deadline that fired; nothing when it was cancelled meanwhile. */
    public void fired(String id, long version) {
        deadlines.deleteOne(at(id, version));
    }

    /**
     * Schedules a claimed deadline again at {@code dueAt}.
     *
     * @param counted whether the run that failed counts as an attempt; when not, the claim's increment of
     *                {@code attempts} is taken back
     */
    public void retryAt(String id, long version, Instant dueAt, String error, boolean counted) {
        List<Bson> updates = new ArrayList<>(List.of(
                Updates.set(STATUS, Status.SCHEDULED.name()),
                Updates.set(DUE_AT, new BsonDateTime(dueAt.toEpochMilli())),
                Updates.set(LAST_ERROR, error),
                Updates.unset(OWNER), Updates.unset(LEASE_UNTIL), lease.release(),
                Updates.inc(VERSION, 1L)));
        if (!counted) {
            updates.add(Updates.inc(ATTEMPTS, -1));
        }
        deadlines.updateOne(at(id, version), Updates.combine(updates));
    }

    public void park(String id, long version, Instant now, String error) {
        deadlines.updateOne(at(id, version), Updates.combine(
                Updates.set(STATUS, Status.PARKED.name()),
                Updates.set(PARKED_AT, new BsonDateTime(now.toEpochMilli())),
                Updates.set(LAST_ERROR, error),
                Updates.unset(OWNER), Updates.unset(LEASE_UNTIL), lease.release(),
                Updates.inc(VERSION, 1L)));
    }

    public List<BsonDocument> parked() {
        return deadlines.find(Filters.eq(STATUS, Status.PARKED.name())).sort(Sorts.ascending(PARKED_AT))
                        .into(new ArrayList<>());
    }

    /** @return whether a parked deadline with that id was scheduled again, due now, its attempts reset */
    public boolean unpark(String id, Instant now) {
        return deadlines.updateOne(new BsonDocument(ID, new BsonString(id))
                                           .append(STATUS, new BsonString(Status.PARKED.name())),
                                   Updates.combine(Updates.set(STATUS, Status.SCHEDULED.name()),
                                                   Updates.set(DUE_AT, new BsonDateTime(now.toEpochMilli())),
                                                   Updates.set(ATTEMPTS, 0),
                                                   Updates.unset(PARKED_AT),
                                                   Updates.inc(VERSION, 1L)))
                        .getMatchedCount() == 1;
    }

    public long count() {
        return deadlines.countDocuments();
    }

    /**
     * Running, and its lease expired on the database's clock: a lease of this format by its holder's duration, or the
     * {@code leaseUntil} of a claim by a previous-format node (ADR 71).
     */
    private BsonDocument runningUnderAnExpiredLease() {
        return new BsonDocument(STATUS, new BsonString(Status.RUNNING.name()))
                .append("$or", new BsonArray(List.of(lease.expired(OWNER),
                                                     lease.previousFormatPassed(OWNER, LEASE_UNTIL))));
    }

    private static BsonDocument at(String id, long version) {
        // a plain two-field filter, not Filters.and: the _id lookup stays a point lookup
        return new BsonDocument(ID, new BsonString(id)).append(VERSION, new BsonInt64(version));
    }
}
