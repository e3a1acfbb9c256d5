package dev.cairn.projections.internal.readmodel;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.bulk.BulkWriteError;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.WriteModel;
import dev.cairn.eventstore.mongo.support.MongoErrors;
import org.axonframework.eventhandling.Segment;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.bson.BsonDocument;
import org.bson.BsonValue;
import org.bson.Document;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The read-model writes of one unit of work (a processor's batch), sent as one ordered bulk write per collection just
 * before the batch's token is stored (the projection's token store flushes first), or when the unit of work prepares
 * its commit when no token is stored (dead-letter processing).
 * <p>
 * With the token and its segment known (a processor's batch, ADR 89), each document gets <em>one</em> write filtered on
 * {@code _id} alone: the updates of the batch's events it has not had applied yet, merged, together with the
 * segment's applied-position entry ({@link AppliedPositions}); which events it had applied is read first, one query
 * per collection. Without them, or where updates do not merge, each update goes with its event's marker (format 1,
 * ADR 40): an update whose marker is already present fails its upsert with a duplicate key and is skipped.
 */
public final class WriteBatch {

    private static final String RESOURCE = WriteBatch.class.getName();
    private static final BulkWriteOptions ORDERED = new BulkWriteOptions().ordered(true);
    private static final UpdateOptions UPSERT = new UpdateOptions().upsert(true);
    /**
     * At most this many marked updates of one document are merged into one write: each carries its event's marker, and
     * a server checks an update's paths against each other.
     */
    static final int MAX_MERGED = 64;

    private final Map<String, Pending> byCollection = new LinkedHashMap<>();

    /**
     * One update of document {@code id} for one event.
     *
     * @param eventIdentifier the event's identifier, naming its format-1 marker with {@code payloadType}
     * @param payloadType  the event's payload type name
     * @param markerValue  the marker's value
     * @param position     the event's global position, or -1 when it has none (then it always goes with its marker)
     * @param sequenceHash the hash of the event's sequence identifier, as Axon's segments match it
     * @param update       the handler's update, without bookkeeping
     */
    public record Write(Object id, String eventIdentifier, String payloadType, BsonValue markerValue, long position,
                        int sequenceHash, BsonDocument update) {

        /** @return the event's format-1 marker field, built only for the writes that go with it */
        public String marker() {
            return PendingMarkers.field(eventIdentifier, payloadType);
        }

        UpdateOneModel<Document> markerModel() {
            String marker = marker();
            return new UpdateOneModel<>(new Document("_id", id).append(marker, new Document("$exists", false)),
                                        PendingMarkers.withMarker(update, marker, markerValue), UPSERT);
        }
    }

    /**
     * Adds {@code write} to the current unit of work's batch.
     *
     * @return {@code false} when no unit of work is active: the caller writes at once
     */
    public static boolean add(MongoCollection<Document> collection, Write write) {
        if (!CurrentUnitOfWork.isStarted()) {
            return false;
        }
        UnitOfWork<?> unitOfWork = CurrentUnitOfWork.get().root();
        WriteBatch batch = unitOfWork.getOrComputeResource(RESOURCE, key -> {
            WriteBatch created = new WriteBatch();
            unitOfWork.onPrepareCommit(u -> created.flush(null, null));
            return created;
        });
        batch.append(collection, write);
        return true;
    }

    /** @return whether the current unit of work has batched updates not yet written */
    public static boolean hasCurrent() {
        if (!CurrentUnitOfWork.isStarted()) {
            return false;
        }
        WriteBatch batch = CurrentUnitOfWork.get().root().getResource(RESOURCE);
        return batch != null && batch.pending();
    }

    private synchronized boolean pending() {
        return !byCollection.isEmpty();
    }

    /** Writes the current unit of work's batched updates, if any, each with its event's marker. */
    public static void flushCurrent() {
        flushCurrent(null, null);
    }

    /**
     * Writes the current unit of work's batched updates, if any, before {@code segment} stores {@code token}: one
     * write per document, with the segment's applied-position entry, where the token is gap-aware.
     */
    public static void flushCurrent(TrackingToken token, Segment segment) {
        if (CurrentUnitOfWork.isStarted()) {
            WriteBatch batch = CurrentUnitOfWork.get().root().getResource(RESOURCE);
            if (batch != null) {
                batch.flush(token, segment);
            }
        }
    }

    private synchronized void append(MongoCollection<Document> collection, Write write) {
        byCollection.computeIfAbsent(collection.getNamespace().getFullName(), name -> new Pending(collection))
                    .add(write);
    }

    private synchronized void flush(TrackingToken token, Segment segment) {
        Optional<BsonDocument> entry = segment == null ? Optional.empty() : AppliedPositions.entry(token);
        for (Pending pending : byCollection.values()) {
            pending.write(entry.orElse(null), segment);
        }
        byCollection.clear();
    }

    /** What one model of the bulk write stands for, to handle its duplicate-key error. */
    private enum Kind { ENTRY, MERGED_MARKERS, MARKER }

    private record Model(WriteModel<Document> model, Kind kind, List<Write> writes) {
    }

    private static final class Pending {
        private final MongoCollection<Document> collection;
        private final Map<Object, List<Write>> byDocument = new LinkedHashMap<>();

        private Pending(MongoCollection<Document> collection) {
            this.collection = collection;
        }

        private void add(Write write) {
            byDocument.computeIfAbsent(write.id(), id -> new ArrayList<>()).add(write);
        }

        private void write(BsonDocument entry, Segment segment) {
            List<Model> models = new ArrayList<>();
            Map<Object, BsonDocument> bookkeeping = entry == null ? Map.of()
                    : Bookkeeping.read(collection, byDocument.keySet());
            for (Map.Entry<Object, List<Write>> document : byDocument.entrySet()) {
                if (entry == null || document.getValue().stream().anyMatch(write -> write.position() < 0)) {
                    addMarked(document.getValue(), models);
                    continue;
                }
                BsonDocument applied = bookkeeping.get(document.getKey());
                List<Write> pending = document.getValue().stream()
                                              .filter(write -> !AppliedPositions.applied(applied, write)).toList();
                if (pending.isEmpty()) {
                    continue; // the whole batch was applied to it before a crash
                }
                Optional<BsonDocument> merged = pending.size() == 1 ? Optional.of(pending.get(0).update())
                        : Coalesced.merge(pending.stream().map(Write::update).toList());
                if (merged.isPresent()) {
                    models.add(new Model(new UpdateOneModel<>(new Document("_id", document.getKey()),
                                                              AppliedPositions.withEntry(merged.get(), segment, entry),
                                                              UPSERT), Kind.ENTRY, pending));
                } else {
                    addMarked(pending, models); // order-dependent updates: one by one, each with its marker
                }
            }
            send(models);
        }

        /** Models for updates that go with their markers: merged in chunks where they merge, else one by one. */
        private void addMarked(List<Write> writes, List<Model> models) {
            writes.forEach(write -> PendingMarkers.removeAfterTokenStored(collection, write.id(), write.marker()));
            for (int from = 0; from < writes.size(); from += MAX_MERGED) {
                List<Write> chunk = writes.subList(from, Math.min(writes.size(), from + MAX_MERGED));
                Optional<BsonDocument> combined = chunk.size() > 1
                        ? Coalesced.merge(chunk.stream().map(Write::update).toList()) : Optional.empty();
                if (combined.isPresent()) {
                    Document filter = new Document("_id", chunk.get(0).id());
                    BsonDocument update = combined.get();
                    for (Write write : chunk) {
                        filter.append(write.marker(), new Document("$exists", false));
                        update = PendingMarkers.withMarker(update, write.marker(), write.markerValue());
                    }
                    models.add(new Model(new UpdateOneModel<>(filter, update, UPSERT), Kind.MERGED_MARKERS,
                                         List.copyOf(chunk)));
                } else {
                    chunk.forEach(write -> models.add(new Model(write.markerModel(), Kind.MARKER, List.of(write))));
                }
            }
        }

        private void send(List<Model> models) {
            int from = 0;
            while (from < models.size()) {
                try {
                    collection.bulkWrite(models.subList(from, models.size()).stream().map(Model::model).toList(),
                                         ORDERED);
                    return;
                } catch (MongoBulkWriteException e) {
                    BulkWriteError first = e.getWriteErrors().isEmpty() ? null : e.getWriteErrors().get(0);
                    if (first == null || !MongoErrors.isDuplicateKeyCode(first.getCode())
                            || e.getWriteConcernError() != null) {
                        throw e;
                    }
                    int failed = from + first.getIndex();
                    Model model = models.get(failed);
                    switch (model.kind()) {
                        // two upserts of a new document raced (another segment): the document exists now
                        case ENTRY -> collection.updateOne(((UpdateOneModel<Document>) model.model()).getFilter(),
                                                           ((UpdateOneModel<Document>) model.model()).getUpdate(),
                                                           UPSERT);
                        // some of the merged events were applied before: apply the others one by one
                        case MERGED_MARKERS -> model.writes().forEach(this::writeMarked);
                        // the event of that update was applied before (its marker is there)
                        case MARKER -> {
                        }
                    }
                    from = failed + 1;
                }
            }
        }

        private void writeMarked(Write write) {
            UpdateOneModel<Document> model = write.markerModel();
            try {
                collection.updateOne(model.getFilter(), model.getUpdate(), UPSERT);
            } catch (RuntimeException e) {
                if (!MongoErrors.isDuplicateKey(e)) {
                    throw e;
                }
            }
        }
    }
}
