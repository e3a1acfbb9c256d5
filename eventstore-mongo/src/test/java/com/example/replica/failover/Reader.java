package com.example.replica.failover;

import dev.cairn.eventstore.mongo.MongoEventStorageEngine;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

/**
 * A processor's view: streams from the tail with a tracking token, resuming after every failure from the last token it
 * handled, and records what it received, in order.
 */
final class Reader implements Runnable {

    final List<String> delivered = new CopyOnWriteArrayList<>();
    final Map<String, List<Long>> sequencesReceived = new ConcurrentHashMap<>();
    private final MongoEventStorageEngine engine;
    private volatile boolean stopping;
    private volatile TrackingToken token;

    Reader(MongoEventStorageEngine engine) {
        this.engine = engine;
    }

    @Override
    public void run() {
        while (!stopping) {
            try (Stream<? extends TrackedEventMessage<?>> stream = engine.readEvents(token, false)) {
                stream.forEach(event -> {
                    delivered.add(event.getIdentifier());
                    if (event instanceof DomainEventMessage<?> domain) {
                        sequencesReceived.computeIfAbsent(domain.getAggregateIdentifier(),
                                                          a -> new CopyOnWriteArrayList<>())
                                         .add(domain.getSequenceNumber());
                    }
                    token = event.trackingToken();
                });
                Thread.sleep(20);
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                // a failover: resume from the last handled token
                sleep();
            }
        }
    }

    /** Stops after one more pass once {@code highestIndex} was reached. */
    void catchUpTo(long highestIndex) throws InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while ((token == null || token.position().orElse(0) < highestIndex) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        stopping = true;
    }

    private static void sleep() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
