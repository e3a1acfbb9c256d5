package dev.cairn.benchmarks.internal;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoCursor;
import com.mongodb.client.model.Sorts;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.bson.BsonDocument;

import java.util.Iterator;
import java.util.stream.Stream;

/**
 * Catch-up reads from the start of the store to its end, consuming every payload (a handler would), stopping early
 * at a deadline so that a slow contender cannot stall a run.
 */
public final class StreamReaders {

    /** Documents per round trip of the raw driver's cursor. */
    public static final int RAW_BATCH_SIZE = 1_000;

    private StreamReaders() {
    }

    /**
     * The result of a catch-up read.
     *
     * @param events   events read
     * @param nanos    time taken
     * @param complete whether the read reached the end of the store (false: stopped at the deadline)
     */
    public record Read(long events, long nanos, boolean complete) {

        public double eventsPerSecond() {
            return events / (nanos / 1e9);
        }
    }

    /**
     * Reads through {@code engine.readEvents(tailToken, false)}.
     */
    public static Read read(EventStorageEngine engine, TrackingToken tailToken, long deadlineNanos) {
        long start = System.nanoTime();
        long events = 0;
        try (Stream<? extends TrackedEventMessage<?>> stream = engine.readEvents(tailToken, false)) {
            Iterator<? extends TrackedEventMessage<?>> iterator = stream.iterator();
            while (iterator.hasNext()) {
                TrackedEventMessage<?> event = iterator.next();
                if (event.getPayload() == null) {
                    throw new IllegalStateException("Event [" + event.getIdentifier() + "] has no payload");
                }
                events++;
                if (System.nanoTime() > deadlineNanos) {
                    return new Read(events, System.nanoTime() - start, false);
                }
            }
        }
        return new Read(events, System.nanoTime() - start, true);
    }

    /**
     * Reads raw event documents with one sorted query, deserializing each payload. The cursor fetches
     * {@value #RAW_BATCH_SIZE} documents per round trip (without a batch size the embedded server answers the first
     * getMore with every remaining document, beyond the driver's message limit).
     */
    public static Read readRaw(MongoCollection<BsonDocument> collection, long deadlineNanos) {
        long start = System.nanoTime();
        long events = 0;
        try (MongoCursor<BsonDocument> cursor = collection.find()
                                                                 .sort(Sorts.ascending("_id"))
                                                                 .batchSize(RAW_BATCH_SIZE)
                                                                 .iterator()) {
            while (cursor.hasNext()) {
                BsonDocument document = cursor.next();
                RawEvents.fromBson(document.getDocument(RawEvents.PAYLOAD), ItemAdded.class);
                events++;
                if (System.nanoTime() > deadlineNanos) {
                    return new Read(events, System.nanoTime() - start, false);
                }
            }
        }
        return new Read(events, System.nanoTime() - start, true);
    }
}
