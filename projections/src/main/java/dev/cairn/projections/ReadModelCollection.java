package dev.cairn.projections;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.UpdateOptions;
import dev.cairn.eventstore.mongo.support.IndexSpec;
import dev.cairn.eventstore.mongo.support.MongoErrors;
import dev.cairn.eventstore.mongo.support.MongoIndexes;
import dev.cairn.projections.internal.readmodel.MarkerSweep;
import dev.cairn.projections.internal.readmodel.PendingMarkers;
import dev.cairn.projections.internal.readmodel.WriteBatch;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.async.SequentialPerAggregatePolicy;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.bson.BsonDocument;
import org.bson.BsonInt64;
import org.bson.BsonString;
import org.bson.BsonValue;
import org.bson.Document;
import org.bson.conversions.Bson;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One collection of a projection's read model, written so that applying an event twice changes nothing.
 * <p>
 * {@link #update(Object, Bson)} applies any update ({@code $inc}, {@code $set}, {@code $push}...) to one document, at
 * most once per event. Inside a processor's batch, each document the batch touches gets one write just before the
 * batch's token is stored, filtered on {@code _id} alone: the merged updates of the events it has not had yet, together
 * with the position its segment has applied; an event redelivered after a crash (read model written, token not yet
 * stored) is covered by that position and changes nothing (ADR 89). Updates that do not merge, and writes outside a
 * batch, carry a marker of their event in a write that only matches while the marker is absent; markers are removed
 * once the batch's token is stored (ADR 40). Commutative updates ({@code $inc}) from many aggregates and segments in
 * parallel therefore compose exactly once.
 * <p>
 * Reads ({@link #find}, {@link #findAll}) leave out Cairn's bookkeeping field {@value #BOOKKEEPING}.
 */
public final class ReadModelCollection {

    /** The field holding Cairn's bookkeeping: segments' applied positions and markers of events (ADR 40, ADR 89). */
    public static final String BOOKKEEPING = "_cairn";
    private static final UpdateOptions UPSERT = new UpdateOptions().upsert(true);

    private final MongoCollection<Document> collection;
    private final String projection;
    private final boolean indexCreation;

    ReadModelCollection(MongoCollection<Document> collection, String projection, boolean indexCreation) {
        this.collection = collection;
        this.projection = projection;
        this.indexCreation = indexCreation;
    }

    /**
     * Applies {@code update} to the document {@code id} (created when absent) for the event being handled, at most
     * once per event. Call it from an event handler of the projection: the write is sent with the batch's other writes
     * just before the batch's token is stored.
     *
     * @throws IllegalStateException when no event is being handled on this thread
     */
    public void update(Object id, Bson update) {
        Message<?> message = CurrentUnitOfWork.isStarted() ? CurrentUnitOfWork.get().getMessage() : null;
        if (!(message instanceof EventMessage<?> event)) {
            throw new IllegalStateException("ReadModelCollection.update(id, update) on collection [" + name()
                                                    + "] must run inside an event handler of projection ["
                                                    + projection + "]; pass the event explicitly otherwise");
        }
        update(event, id, update);
    }

    /**
     * Applies {@code update} to the document {@code id} (created when absent), at most once for {@code event}. Inside
     * a unit of work the write joins its batch; outside one it is sent at once.
     */
    public void update(EventMessage<?> event, Object id, Bson update) {
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(update, "update");
        BsonValue position = position(event);
        BsonValue markerValue = PendingMarkers.value(position, projection);
        // the batch keeps the handler's update as it is: its marker (format 1) is added only where a write still
        // needs one, never per event on the path that writes the segment's entry instead (ADR 89)
        WriteBatch.Write write = new WriteBatch.Write(id, event.getIdentifier(), event.getPayloadType().getName(),
                                                      markerValue,
                                                      position.isNumber() ? position.asNumber().longValue() : -1,
                                                      sequenceHash(event), PendingMarkers.operators(update));
        if (WriteBatch.add(collection, write)) {
            return;
        }
        // one single-document write: the update lands together with its marker, or not at all
        String marker = write.marker();
        BsonDocument withMarker = PendingMarkers.withMarker(write.update(), marker, markerValue);
        Document notYetApplied = new Document("_id", id).append(marker, new Document("$exists", false));
        try {
            collection.updateOne(notYetApplied, withMarker, UPSERT);
        } catch (RuntimeException e) {
            if (!MongoErrors.isDuplicateKey(e)) {
                throw e;
            }
            // the document exists with this event's marker: the upsert's insert collided on _id
        }
    }

    /** The hash Axon's segments match an event on: its sequence identifier's under per-aggregate sequencing. */
    private static int sequenceHash(EventMessage<?> event) {
        Object sequence = SequentialPerAggregatePolicy.instance().getSequenceIdentifierFor(event);
        return Objects.hashCode(sequence == null ? event.getIdentifier() : sequence);
    }

    /** @return the document without Cairn's bookkeeping, if present */
    public Optional<Document> find(Object id) {
        return Optional.ofNullable(collection.find(Filters.eq("_id", id))
                                             .projection(Projections.exclude(BOOKKEEPING)).first());
    }

    /** @return the documents matching {@code filter}, without Cairn's bookkeeping */
    public List<Document> findAll(Bson filter) {
        return collection.find(filter).projection(Projections.exclude(BOOKKEEPING)).into(new ArrayList<>());
    }

    /** @return the number of documents matching {@code filter} */
    public long count(Bson filter) {
        return collection.countDocuments(filter);
    }

    /**
     * Creates the indexes the projection's queries need, idempotently (a changed definition fails start-up). When the
     * application starts with index creation off ({@code Cairn.builder().indexCreation(false)}), only checks them.
     *
     * @throws dev.cairn.eventstore.mongo.support.IndexConflictException when an index of the same name differs
     * @throws dev.cairn.eventstore.mongo.support.MissingIndexException  with index creation off, naming the first
     *                                                                   missing index
     */
    public ReadModelCollection ensureIndexes(List<IndexSpec> indexes) {
        MongoIndexes.prepare(collection, indexes, indexCreation);
        return this;
    }

    /** @return the collection name */
    public String name() {
        return collection.getNamespace().getCollectionName();
    }

    long sweepMarkers(Map<Integer, org.axonframework.eventhandling.TrackingToken> segmentTokens) {
        return MarkerSweep.sweep(collection, segmentTokens);
    }

    /** Deletes every document, keeping the collection and its indexes. */
    long clear() {
        return collection.deleteMany(new Document()).getDeletedCount();
    }

    private static BsonValue position(EventMessage<?> event) {
        if (event instanceof TrackedEventMessage<?> tracked && tracked.trackingToken() != null
                && tracked.trackingToken().position().isPresent()) {
            return new BsonInt64(tracked.trackingToken().position().getAsLong());
        }
        return new BsonString(event.getIdentifier());
    }
}
