package dev.cairn.benchmarks.internal;

import com.mongodb.client.MongoCollection;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.bson.BsonDocument;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Fills a store with events before a read scenario is measured: through the engine's own {@code appendEvents} for
 * Cairn and axon-mongo (so the stored shape is what applications produce), with {@code insertMany} for the raw
 * driver.
 */
public final class Population {

    private static final int RAW_BATCH = 1_000;

    private Population() {
    }

    /**
     * Appends {@code total} events in commits of {@code eventsPerCommit} from {@code threads} writers, each writing
     * aggregates of {@code eventsPerAggregate} events.
     */
    public static void append(EventStorageEngine engine, int total, int eventsPerCommit, int eventsPerAggregate,
                              int threads) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> writers = new ArrayList<>();
            int perThread = total / threads;
            for (int thread = 0; thread < threads; thread++) {
                int events = thread == threads - 1 ? total - perThread * (threads - 1) : perThread;
                String prefix = "pop-" + thread + "-";
                writers.add(pool.submit(() -> {
                    int written = 0;
                    int aggregate = 0;
                    long sequence = 0;
                    while (written < events) {
                        int size = Math.min(eventsPerCommit, events - written);
                        engine.appendEvents(BenchEvents.commit(prefix + aggregate, sequence, size));
                        written += size;
                        sequence += size;
                        if (sequence >= eventsPerAggregate) {
                            aggregate++;
                            sequence = 0;
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> writer : writers) {
                writer.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Inserts {@code total} raw event documents, aggregates of {@code eventsPerAggregate} events.
     */
    public static void insertRaw(MongoCollection<BsonDocument> events, int total, int eventsPerAggregate) {
        RawEvents.createIndexes(events);
        List<BsonDocument> batch = new ArrayList<>(RAW_BATCH);
        for (int index = 0; index < total; index++) {
            List<DomainEventMessage<?>> one = BenchEvents.commit("pop-" + index / eventsPerAggregate,
                                                                 index % eventsPerAggregate, 1);
            batch.add(RawEvents.document(one.get(0)));
            if (batch.size() == RAW_BATCH || index == total - 1) {
                events.insertMany(batch);
                batch.clear();
            }
        }
    }
}
