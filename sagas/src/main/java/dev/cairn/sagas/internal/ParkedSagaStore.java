package dev.cairn.sagas.internal;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import dev.cairn.eventstore.mongo.support.MongoErrors;
import dev.cairn.eventstore.mongo.support.MongoIndexes;
import dev.cairn.processing.Lease;
import dev.cairn.sagas.internal.ParkedSagaDocuments.Status;
import org.bson.BsonDateTime;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonInt64;
import org.bson.BsonString;
import org.bson.conversions.Bson;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import static dev.cairn.sagas.internal.ParkedSagaDocuments.ATTEMPTS;
import static dev.cairn.sagas.internal.ParkedSagaDocuments.DUE_AT;
import static dev.cairn.sagas.internal.ParkedSagaDocuments.EVENTS;
import static dev.cairn.sagas.internal.ParkedSagaDocuments.ID;
import static dev.cairn.sagas.internal.ParkedSagaDocuments.IDENTIFIER;
import static dev.cairn.sagas.internal.ParkedSagaDocuments.LAST_ERROR;
import static dev.cairn.sagas.internal.ParkedSagaDocuments.OWNER;
import static dev.cairn.sagas.internal.ParkedSagaDocuments.PARKED_AT;
import static dev.cairn.sagas.internal.ParkedSagaDocuments.SAGA_TYPE;
import static dev.cairn.sagas.internal.ParkedSagaDocuments.STATUS;
import static dev.cairn.sagas.internal.ParkedSagaDocuments.VERSION;

/**
 * The writes and reads of the parked saga events (ADR 51). The saga processor adds: the first failed event of a saga
 * ({@link #park}) and the events that wait behind it ({@link #queue}), each at most once by event identifier. A node
 * retries a saga's sequence only under its {@link Lease} ({@link #claim}); every later write of that retry matches
 * its owner, so after another node took an expired lease over, the first node's writes are refused and it stops.
 */
public final class ParkedSagaStore {

    private final MongoCollection<BsonDocument> parked;
    private final Lease lease;

    /** Creates (or, with {@code createIndexes} off, checks) the indexes of {@link ParkedSagaDocuments#indexes()}. */
    public ParkedSagaStore(MongoCollection<BsonDocument> parked, Lease lease, boolean createIndexes) {
        this.parked = parked;
        this.lease = lease;
        MongoIndexes.prepare(parked, ParkedSagaDocuments.indexes(), createIndexes);
    }

    public String collectionName() {
        return parked.getNamespace().getCollectionName();
    }

    /** @return whether the saga has parked events (its events wait): one lookup by {@code _id} */
    public boolean holds(String sagaId) {
        return parked.find(Filters.eq(ID, sagaId)).projection(Projections.include(ID)).first() != null;
    }

    /**
     * Stores a saga's first failed event, or, when the saga is parked already (a redelivery, or a parking that raced
     * with this one), adds the event behind the others.
     */
    public void park(BsonDocument parking) {
        try {
            parked.insertOne(parking);
        } catch (RuntimeException e) {
            if (!MongoErrors.isDuplicateKey(e)) {
                throw e;
            }
            queue(parking, ParkedSagaDocuments.events(parking).get(0));
        }
    }

    /**
     * Adds {@code event} behind the saga's parked events, unless it is among them already (a redelivery). When the
     * saga's parked events were all retried meanwhile, {@code parking} (the event alone, due now) is stored instead,
     * so the event still runs after every earlier one.
     */
    public void queue(BsonDocument parking, BsonDocument event) {
        String sagaId = ParkedSagaDocuments.sagaId(parking);
        String eventId = ParkedSagaDocuments.eventId(event);
        BsonDocument notYetQueued = new BsonDocument(ID, new BsonString(sagaId))
                .append(EVENTS + "." + IDENTIFIER, new BsonDocument("$ne", new BsonString(eventId)));
        while (true) {
            if (parked.updateOne(notYetQueued, Updates.combine(Updates.push(EVENTS, event), Updates.inc(VERSION, 1L)))
                      .getMatchedCount() == 1 || holds(sagaId)) {
                return;
            }
            try {
                parked.insertOne(parking);
                return;
            } catch (RuntimeException e) {
                if (!MongoErrors.isDuplicateKey(e)) {
                    throw e;
                }
            }
        }
    }

    /**
     * @return up to {@code limit} sagas of the given types whose retry is due: retrying and due, or running under an
     * expired lease (the node retrying them died), earliest first
     */
    public List<BsonDocument> due(Collection<String> sagaTypes, Instant now, int limit) {
        Bson due = Filters.or(new BsonDocument(STATUS, new BsonString(Status.RETRYING.name()))
                                      .append(DUE_AT, new BsonDocument("$lte", new BsonDateTime(now.toEpochMilli()))),
                              runningUnderAnExpiredLease());
        return parked.find(Filters.and(due, Filters.in(SAGA_TYPE, sagaTypes))).sort(Sorts.ascending(DUE_AT))
                     .limit(limit).into(new ArrayList<>());
    }

    /**
     * Claims a saga's retry as it was read: the filter repeats what made it due, so two nodes never both win.
     *
     * @return whether {@code owner} now holds the saga's retry
     */
    public boolean claim(BsonDocument read, Instant now, String owner) {
        BsonDocument filter = at(ParkedSagaDocuments.sagaId(read), read.getInt64(VERSION).getValue());
        if (Status.RUNNING.name().equals(read.getString(STATUS).getValue())) {
            filter.putAll(runningUnderAnExpiredLease());
        } else {
            filter.append(STATUS, new BsonString(Status.RETRYING.name()))
                  .append(DUE_AT, new BsonDocument("$lte", new BsonDateTime(now.toEpochMilli())));
        }
        return parked.updateOne(filter, Updates.combine(Updates.set(STATUS, Status.RUNNING.name()),
                                                        Updates.set(OWNER, owner), lease.take(owner),
                                                        Updates.inc(VERSION, 1L)))
                     .getMatchedCount() == 1;
    }

    /** @return the saga's document while {@code owner} holds its retry, else {@code null} */
    public BsonDocument held(String sagaId, String owner) {
        return parked.find(owned(sagaId, owner)).first();
    }

    /**
     * Removes the first waiting event, which ran, and renews the lease.
     *
     * @return whether {@code owner} still held the retry (otherwise nothing changed and it must stop)
     */
    public boolean ran(String sagaId, String owner) {
        return parked.updateOne(owned(sagaId, owner), Updates.combine(Updates.popFirst(EVENTS),
                                                                      Updates.set(ATTEMPTS, 0),
                                                                      lease.take(owner), Updates.inc(VERSION, 1L)))
                     .getMatchedCount() == 1;
    }

    /** @return whether the saga's document was removed: {@code owner} held it and no event waits any more */
    public boolean finish(String sagaId, String owner) {
        return parked.deleteOne(owned(sagaId, owner).append(EVENTS, new BsonDocument("$size", new BsonInt32(0))))
                     .getDeletedCount() == 1;
    }

    /** After a failed retry: due again at {@code dueAt}, or parked for an operator when {@code dueAt} is null. */
    public void failed(String sagaId, String owner, int attempts, Instant now, Instant dueAt, String error) {
        List<Bson> updates = new ArrayList<>(List.of(
                Updates.set(ATTEMPTS, attempts), Updates.set(LAST_ERROR, error), Updates.unset(OWNER),
                lease.release(), Updates.inc(VERSION, 1L)));
        if (dueAt == null) {
            updates.add(Updates.set(STATUS, Status.PARKED.name()));
            updates.add(Updates.set(PARKED_AT, new BsonDateTime(now.toEpochMilli())));
        } else {
            updates.add(Updates.set(STATUS, Status.RETRYING.name()));
            updates.add(Updates.set(DUE_AT, new BsonDateTime(dueAt.toEpochMilli())));
        }
        parked.updateOne(owned(sagaId, owner), Updates.combine(updates));
    }

    /** Gives a retry up without a verdict (the node stops): due again at once, for any node. */
    public void release(String sagaId, String owner, Instant now) {
        parked.updateOne(owned(sagaId, owner), Updates.combine(
                Updates.set(STATUS, Status.RETRYING.name()), Updates.set(DUE_AT, new BsonDateTime(now.toEpochMilli())),
                Updates.unset(OWNER), lease.release(), Updates.inc(VERSION, 1L)));
    }

    /** @return every saga with parked events, parked longest ago first */
    public List<BsonDocument> all() {
        return parked.find().sort(Sorts.ascending(PARKED_AT)).into(new ArrayList<>());
    }

    /** @return whether a parked saga with that id is due again now, with fresh attempts */
    public boolean retry(String sagaId, Instant now) {
        return parked.updateOne(new BsonDocument(ID, new BsonString(sagaId))
                                        .append(STATUS, new BsonString(Status.PARKED.name())),
                                Updates.combine(Updates.set(STATUS, Status.RETRYING.name()),
                                                Updates.set(DUE_AT, new BsonDateTime(now.toEpochMilli())),
                                                Updates.set(ATTEMPTS, 0), Updates.inc(VERSION, 1L)))
                     .getMatchedCount() == 1;
    }

    /** @return whether a parked saga's events were removed (never those a node is retrying) */
    public boolean drop(String sagaId) {
        return parked.deleteOne(new BsonDocument(ID, new BsonString(sagaId))
                                        .append(STATUS, new BsonString(Status.PARKED.name())))
                     .getDeletedCount() == 1;
    }

    private BsonDocument runningUnderAnExpiredLease() {
        return new BsonDocument(STATUS, new BsonString(Status.RUNNING.name())).append("$expr",
                lease.expired(OWNER).get("$expr"));
    }

    private static BsonDocument owned(String sagaId, String owner) {
        // plain fields, not Filters.and: the _id lookup stays a point lookup
        return new BsonDocument(ID, new BsonString(sagaId)).append(OWNER, new BsonString(owner));
    }

    private static BsonDocument at(String sagaId, long version) {
        return new BsonDocument(ID, new BsonString(sagaId)).append(VERSION, new BsonInt64(version));
    }
}
