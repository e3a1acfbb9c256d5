package dev.cairn.projections.internal.readmodel;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.bulk.BulkWriteError;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.WriteModel;
import dev.cairn.eventstore.mongo.support.MongoErrors;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.bson.Document;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The read-model writes of one unit of work (a processor's batch), sent as one ordered bulk write per collection just
 * before the batch's token is stored (the projection's token store flushes first), or when the unit of work prepares
 * its commit when no token is stored (dead-letter processing). An update whose event marker is already present fails
 * its upsert with a duplicate key: it was applied before, and the rest of the batch goes on.
 */
public final class WriteBatch {

    private static final String RESOURCE = WriteBatch.class.getName();
    private static final BulkWriteOptions ORDERED = new BulkWriteOptions().ordered(true);

    private final Map<String, Pending> byCollection = new LinkedHashMap<>();

    /**
     * Adds an update to the current unit of work's batch.
     *
     * @return {@code false} when no unit of work is active: the caller writes at once
     */
    public static boolean add(MongoCollection<Document> collection, UpdateOneModel<Document> update) {
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
                          .updates.add(update);
        return true;
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
        private final List<WriteModel<Document>> updates = new ArrayList<>();

        private Pending(MongoCollection<Document> collection) {
            this.collection = collection;
        }

        private void write() {
            List<? extends WriteModel<Document>> remaining = updates;
            while (!remaining.isEmpty()) {
                try {
                    collection.bulkWrite(remaining, ORDERED);
                    return;
                } catch (MongoBulkWriteException e) {
                    BulkWriteError first = e.getWriteErrors().isEmpty() ? null : e.getWriteErrors().get(0);
                    if (first == null || !MongoErrors.isDuplicateKeyCode(first.getCode())
                            || e.getWriteConcernError() != null) {
                        throw e;
                    }
                    // the event of that update was applied before (its marker is there): go on after it
                    remaining = remaining.subList(first.getIndex() + 1, remaining.size());
                }
            }
        }
    }
}
