package dev.cairn.projections.internal.readmodel;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.bulk.BulkWriteError;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.WriteModel;
import dev.cairn.eventstore.mongo.support.MongoErrors;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.bson.BsonDocument;
import org.bson.Document;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The read-model writes of one unit of work (a processor's batch), sent as one ordered bulk write per collection just
 * before the batch's token is stored (the projection's token store flushes first), or when the unit of work prepares
 * its commit when no token is stored (dead-letter processing). An update whose event marker is already present fails
 * its upsert with a duplicate key: it was applied before, and the rest of the batch goes on.
 */
public final class WriteBatch {

    private static final String RESOURCE = WriteBatch.class.getName();
    private static final BulkWriteOptions ORDERED = new BulkWriteOptions().ordered(true);
    private static final UpdateOptions UPSERT = new UpdateOptions().upsert(true);
    /**
     * At most this many updates of one document are merged into one write: each carries its event's marker, and a
     * server checks an update's paths against each other, so a hot summary document in a rebuild's batch of 1,000
     * events would otherwise get one write with a thousand marker paths.
     */
    static final int MAX_MERGED = 64;

    private final Map<String, Pending> byCollection = new LinkedHashMap<>();

    /**
     * Adds an update of document {@code id}, guarded by the event's {@code marker}, to the current unit of work's
     * batch.
     *
     * @return {@code false} when no unit of work is active: the caller writes at once
     */
    public static boolean add(MongoCollection<Document> collection, Object id, String marker, BsonDocument update) {
        if (!CurrentUnitOfWork.isStarted()) {
            return false;
        }
        UnitOfWork<?> unitOfWork = CurrentUnitOfWork.get().root();
        WriteBatch batch = unitOfWork.getOrComputeResource(RESOURCE, key -> {
            WriteBatch created = new WriteBatch();
            unitOfWork.onPrepareCommit(u -> created.flush());
            return created;
        });
        batch.byCollection.computeIfAbsent(collection.getNamespace().getFullName(), name -> new Pending(collection))
                          .add(new Write(id, marker, update));
        return true;
    }

    /** One guarded update: applied only while the document lacks the marker, which the update sets. */
    record Write(Object id, String marker, BsonDocument update) {

        UpdateOneModel<Document> model() {
            return new UpdateOneModel<>(new Document("_id", id).append(marker, new Document("$exists", false)),
                                        update, UPSERT);
        }
    }

    /**
     * Writes the current unit of work's batched updates, if any. Called by the projection's token store before it
     * stores a token.
     */
    public static void flushCurrent() {
        if (CurrentUnitOfWork.isStarted()) {
            WriteBatch batch = CurrentUnitOfWork.get().root().getResource(RESOURCE);
            if (batch != null) {
                batch.flush();
            }
        }
    }

    private synchronized void flush() {
        for (Pending pending : byCollection.values()) {
            pending.write();
        }
        byCollection.clear();
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

        /**
         * One write per document and up to {@value #MAX_MERGED} of its updates where they merge (a hot summary document
         * then costs one write per batch of live events),
         * else its updates one by one, in order; an update whose marker is present was applied before and is skipped.
         */
        private void write() {
            List<WriteModel<Document>> models = new ArrayList<>();
            List<List<Write>> merged = new ArrayList<>(); // per model: the writes it merges, or null for a single one
            for (List<Write> all : byDocument.values()) {
                for (int chunk = 0; chunk < all.size(); chunk += MAX_MERGED) {
                    add(all.subList(chunk, Math.min(all.size(), chunk + MAX_MERGED)), models, merged);
                }
            }
            int from = 0;
            while (from < models.size()) {
                try {
                    collection.bulkWrite(models.subList(from, models.size()), ORDERED);
                    return;
                } catch (MongoBulkWriteException e) {
                    BulkWriteError first = e.getWriteErrors().isEmpty() ? null : e.getWriteErrors().get(0);
                    if (first == null || !MongoErrors.isDuplicateKeyCode(first.getCode())
                            || e.getWriteConcernError() != null) {
                        throw e;
                    }
                    int failed = from + first.getIndex();
                    if (merged.get(failed) != null) {
                        // some of the merged events were applied before: apply the others one by one
                        writeOneByOne(merged.get(failed));
                    }
                    // otherwise the event of that update was applied before (its marker is there)
                    from = failed + 1;
                }
            }
        }

        /** Adds one model for {@code writes} of one document when they merge, else one per write. */
        private static void add(List<Write> writes, List<WriteModel<Document>> models, List<List<Write>> merged) {
            Optional<BsonDocument> combined = writes.size() > 1
                    ? Coalesced.merge(writes.stream().map(Write::update).toList()) : Optional.empty();
            if (combined.isPresent()) {
                Document filter = new Document("_id", writes.get(0).id());
                writes.forEach(write -> filter.append(write.marker(), new Document("$exists", false)));
                models.add(new UpdateOneModel<>(filter, combined.get(), UPSERT));
                merged.add(writes);
            } else {
                writes.forEach(write -> {
                    models.add(write.model());
                    merged.add(null);
                });
            }
        }

        private void writeOneByOne(List<Write> writes) {
            for (Write write : writes) {
                try {
                    collection.updateOne(write.model().getFilter(), write.update(), UPSERT);
                } catch (RuntimeException e) {
                    if (!MongoErrors.isDuplicateKey(e)) {
                        throw e;
                    }
                }
            }
        }
    }
}
