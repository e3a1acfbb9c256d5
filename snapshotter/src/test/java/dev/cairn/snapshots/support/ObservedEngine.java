package dev.cairn.snapshots.support;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import dev.cairn.eventstore.mongo.MongoEventStorageEngine;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStoreException;
import org.axonframework.eventsourcing.snapshotting.SnapshotFilter;
import org.axonframework.serialization.Serializer;
import org.bson.Document;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The real engine, observed at its snapshot writes: concurrent writes per aggregate, the stored sequence number after
 * each write, and, on demand, failing or held writes for chosen aggregates.
 */
public class ObservedEngine extends MongoEventStorageEngine {

    private final MongoDatabase database;
    private final Map<String, AtomicInteger> writing = new ConcurrentHashMap<>();
    private final AtomicInteger maxConcurrentPerAggregate = new AtomicInteger();
    private final Map<String, List<Long>> storedSequences = new ConcurrentHashMap<>();
    private final Set<String> failing = ConcurrentHashMap.newKeySet();
    private final AtomicInteger held = new AtomicInteger();
    private volatile CountDownLatch release = new CountDownLatch(0);

    public ObservedEngine(MongoDatabase database, SnapshotFilter filter) {
        super(MongoEventStorageEngine.builder().database(database).allowedTypes(Apps.ALLOWED).snapshotFilter(filter));
        this.database = database;
    }

    @Override
    protected void storeSnapshot(DomainEventMessage<?> snapshot, Serializer serializer) {
        String id = snapshot.getAggregateIdentifier();
        AtomicInteger active = writing.computeIfAbsent(id, k -> new AtomicInteger());
        maxConcurrentPerAggregate.accumulateAndGet(active.incrementAndGet(), Math::max);
        try {
            if (release.getCount() > 0) {
                held.incrementAndGet();
                if (!release.await(30, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("Held snapshot write of [" + id + "] was never released");
                }
            }
            if (failing.contains(id)) {
                throw new EventStoreException("Snapshot write of [" + id + "] refused by the test");
            }
            super.storeSnapshot(snapshot, serializer);
            Document stored = database.getCollection("snapshots").find(Filters.eq("_id", id)).first();
            storedSequences.computeIfAbsent(id, k -> new CopyOnWriteArrayList<>())
                           .add(((Number) stored.get("sequenceNumber")).longValue());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            active.decrementAndGet();
        }
    }

    public void failSnapshotsOf(String aggregateIdentifier) {
        failing.add(aggregateIdentifier);
    }

    /** Holds every snapshot write until {@link #releaseWrites()}. */
    public void holdWrites() {
        release = new CountDownLatch(1);
    }

    public void releaseWrites() {
        release.countDown();
    }

    /** @return how many writes are (or were) held */
    public int heldWrites() {
        return held.get();
    }

    public int maxConcurrentWritesPerAggregate() {
        return maxConcurrentPerAggregate.get();
    }

    /** @return the sequence number of the stored snapshot after each write of the aggregate, in write order */
    public List<Long> storedSequences(String aggregateIdentifier) {
        return storedSequences.getOrDefault(aggregateIdentifier, List.of());
    }
}
