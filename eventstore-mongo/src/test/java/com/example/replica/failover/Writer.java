package com.example.replica.failover;

import dev.cairn.eventstore.mongo.MongoEventStorageEngine;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A command handler's loop: loads an aggregate's last sequence number (the decision read), appends one to three events
 * after it, and records the outcome. After an unknown outcome it sends the same commit again (same identifiers) until
 * the store answers, as a client retrying a timed-out command would.
 */
final class Writer implements Runnable {

    record Moved(String parcelId, int hop) {
    }

    private final MongoEventStorageEngine engine;
    private final List<String> aggregates;
    private final Outcomes outcomes;
    private volatile boolean stopping;

    Writer(MongoEventStorageEngine engine, List<String> aggregates, Outcomes outcomes) {
        this.engine = engine;
        this.aggregates = aggregates;
        this.outcomes = outcomes;
    }

    void stop() {
        stopping = true;
    }

    @Override
    public void run() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        while (!stopping) {
            String aggregate = aggregates.get(random.nextInt(aggregates.size()));
            List<DomainEventMessage<?>> commit;
            try {
                long next = engine.lastSequenceNumberFor(aggregate).map(last -> last + 1).orElse(0L);
                commit = commit(aggregate, next, 1 + random.nextInt(3));
            } catch (RuntimeException e) {
                pause();
                continue; // the load failed during a failover: nothing decided yet
            }
            append(commit);
        }
    }

    private void append(List<DomainEventMessage<?>> commit) {
        List<String> identifiers = commit.stream().map(DomainEventMessage::getIdentifier).toList();
        boolean retried = false;
        while (true) {
            try {
                engine.appendEvents(commit);
                outcomes.acknowledged(identifiers);
                return;
            } catch (ConcurrencyException | AggregateStreamCreationException e) {
                if (!retried) {
                    outcomes.conflicted(identifiers);
                }
                return; // after a retry the earlier attempt may be the one that holds the key
            } catch (RuntimeException e) {
                if (!retried) {
                    outcomes.unknown(identifiers, e);
                }
                retried = true;
                if (stopping) {
                    return; // left unknown: stored at most once either way
                }
                pause();
            }
        }
    }

    static List<DomainEventMessage<?>> commit(String aggregate, long firstSequence, int size) {
        List<DomainEventMessage<?>> events = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            long sequence = firstSequence + i;
            events.add(new GenericDomainEventMessage<>("Parcel", aggregate, sequence,
                                                       new Moved(aggregate, (int) sequence)));
        }
        return events;
    }

    private static void pause() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
