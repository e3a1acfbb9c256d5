package dev.cairn.eventstore.mongo.internal;

import dev.cairn.eventstore.mongo.layout.StorageLayout;
import dev.cairn.eventstore.mongo.support.MongoErrors;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.UpdateOptions;
import org.axonframework.eventsourcing.eventstore.EventStoreException;
import org.bson.BsonDocument;
import org.bson.BsonInt64;
import org.bson.BsonString;

/**
 * Hands out global indexes from one counter document, {@code {_id: <events collection>, value: <last allocated>}}.
 * <p>
 * One {@code findOneAndUpdate} with {@code $inc} reserves a whole range. It reads the document as it was
 * <em>before</em> the increment and adds the increment itself: that is correct on every server, and the only form
 * that stays unique under concurrency on the embedded test server.
 */
public final class GlobalIndexAllocator {

    private final MongoCollection<BsonDocument> sequences;
    private final BsonDocument counterFilter;

    public GlobalIndexAllocator(MongoCollection<BsonDocument> sequences, String counterName) {
        this.sequences = sequences;
        this.counterFilter = new BsonDocument(StorageLayout.ID, new BsonString(counterName));
    }

    /**
     * Creates the counter if absent and raises it to at least {@code highestStoredIndex}, so a lost or restored
     * counter never hands out an index already stored.
     */
    public void initialize(long highestStoredIndex) {
        BsonDocument update = new BsonDocument("$max", new BsonDocument(StorageLayout.COUNTER_VALUE, new BsonInt64(highestStoredIndex)));
        try {
            sequences.updateOne(counterFilter, update, new UpdateOptions().upsert(true));
        } catch (RuntimeException e) {
            if (!MongoErrors.isDuplicateKey(e)) {
                throw e;
            }
            // another node created the counter at the same moment; apply the raise to its document
            sequences.updateOne(counterFilter, update);
        }
    }

    /**
     * Reserves {@code count} consecutive global indexes.
     *
     * @return the first of them
     */
    public long allocate(int count) {
        BsonDocument before = sequences.findOneAndUpdate(
                counterFilter,
                new BsonDocument("$inc", new BsonDocument(StorageLayout.COUNTER_VALUE, new BsonInt64(count))),
                new FindOneAndUpdateOptions().returnDocument(ReturnDocument.BEFORE)
                                             .projection(Projections.include(StorageLayout.COUNTER_VALUE)));
        if (before == null) {
            throw new EventStoreException("The global sequence document " + counterFilter.toJson() + " in collection ["
                                                  + sequences.getNamespace().getCollectionName()
                                                  + "] is missing; restart the application to recreate it");
        }
        return before.getNumber(StorageLayout.COUNTER_VALUE).longValue() + 1;
    }
}
