package dev.cairn.eventstore.mongo;

import com.mongodb.client.MongoDatabase;
import dev.cairn.eventstore.mongo.internal.Tiling;
import dev.cairn.mongo.embedded.junit.EmbeddedMongoExtension;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Four writers on two nodes (two engines sharing the collections, each with its own group commit and head, claiming
 * indexes by insert) append single-event, multi-event and multi-aggregate commits to 120 aggregates, some deliberately stale, while a
 * reader streams from the tail. At the end every committed event was delivered exactly once, in each
 * aggregate's order, no rejected commit left an event behind, and the stored commits tile the global indexes.
 * <p>
 * Scaled for the module's suite: 3,000 events (about 6 s on the embedded server); the full-size runs (20,000 events
 * and more, slow writers included) are the benchmarks' {@code correctness} group and {@code append-1-2nodes}.
 */
@ExtendWith(EmbeddedMongoExtension.class)
class ConcurrentWritersStressTest {

    private static final int WRITERS = 4;
    private static final int AGGREGATES = 120;
    private static final int TARGET_EVENTS = 3_000;
    private static final Duration DEADLINE = Duration.ofMinutes(2);

    private final Map<String, AtomicLong> nextSequence = new ConcurrentHashMap<>();
    private final Set<String> committed = ConcurrentHashMap.newKeySet();
    private final Set<String> rejected = ConcurrentHashMap.newKeySet();
    private final AtomicInteger committedEvents = new AtomicInteger();
    private final AtomicInteger conflicts = new AtomicInteger();
    private final AtomicInteger multiAggregateCommits = new AtomicInteger();
    private final AtomicInteger multiEventCommits = new AtomicInteger();

    @Test
    void everyCommittedEventIsDeliveredExactlyOnceInAggregateOrder(MongoDatabase database) throws Exception {
        // given
        MongoEventStorageEngine engine = MongoEventStorageEngine.builder().database(database).build();
        List<MongoEventStorageEngine> nodes = List.of(engine, MongoEventStorageEngine.builder().database(database)
                                                                                    .build());
        for (int i = 0; i < AGGREGATES; i++) {
            nextSequence.put("agg-" + i, new AtomicLong());
        }
        ExecutorService pool = Executors.newFixedThreadPool(WRITERS + 1);
        AtomicBoolean writersDone = new AtomicBoolean();
        CountDownLatch start = new CountDownLatch(1);
        List<String> delivered = new ArrayList<>();
        Map<String, List<Long>> deliveredSequences = new HashMap<>();
        long deadline = System.nanoTime() + DEADLINE.toNanos();

        // when the writers append while the reader streams
        Future<?> reader = pool.submit(() -> {
            start.await();
            TrackingToken token = null;
            while (System.nanoTime() < deadline) {
                boolean finished = writersDone.get();
                for (var event : engine.readEvents(token, false).toList()) {
                    token = event.trackingToken();
                    delivered.add(event.getIdentifier());
                    if (event instanceof DomainEventMessage<?> domainEvent) {
                        deliveredSequences.computeIfAbsent(domainEvent.getAggregateIdentifier(), a -> new ArrayList<>())
                                          .add(domainEvent.getSequenceNumber());
                    }
                }
                if (finished && delivered.size() >= committedEvents.get()) {
                    return null;
                }
            }
            throw new AssertionError("reader did not catch up before the deadline: delivered " + delivered.size()
                                             + " of " + committedEvents.get() + " events");
        });
        List<Future<?>> writers = new ArrayList<>();
        for (int w = 0; w < WRITERS; w++) {
            MongoEventStorageEngine node = nodes.get(w % nodes.size());
            writers.add(pool.submit(() -> {
                start.await();
                while (committedEvents.get() < TARGET_EVENTS && System.nanoTime() < deadline) {
                    appendOneCommit(node);
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> writer : writers) {
            writer.get();
        }
        writersDone.set(true);
        reader.get();
        pool.shutdown();

        // then the run exercised what it claims to
        assertThat(committedEvents.get()).isGreaterThanOrEqualTo(TARGET_EVENTS);
        assertThat(conflicts.get()).isPositive();
        assertThat(multiAggregateCommits.get()).isPositive();
        assertThat(multiEventCommits.get()).isPositive();

        // and every committed event was delivered exactly once, nothing rejected was delivered
        assertThat(delivered).hasSize(committed.size()).doesNotHaveDuplicates();
        assertThat(Set.copyOf(delivered)).isEqualTo(committed);

        // and each aggregate's events arrived in sequence order without holes
        deliveredSequences.forEach((aggregate, sequences) -> {
            for (int i = 0; i < sequences.size(); i++) {
                assertThat(sequences.get(i)).as("sequence %d of %s", i, aggregate).isEqualTo(i);
            }
        });

        // and the store holds exactly the committed events: rejected commits left nothing behind
        Set<String> stored = ConcurrentHashMap.newKeySet();
        database.getCollection("events").find(new Document("voided", null)).forEach(
                commit -> commit.getList("events", Document.class)
                                .forEach(event -> assertThat(stored.add(event.getString("eventIdentifier")))
                                        .isTrue()));
        assertThat(stored).isEqualTo(committed);
        assertThat(stored).doesNotContainAnyElementsOf(rejected);

        // and the commits tile the indexes from 1: nothing voided, no index empty, none claimed twice
        Tiling.assertTiles(database.getCollection("events"), committedEvents.get());

        // and the two nodes did contend for the same indexes
        assertThat(nodes.get(0).lostClaims() + nodes.get(1).lostClaims()).isPositive();
    }

    private void appendOneCommit(MongoEventStorageEngine engine) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        int kind = random.nextInt(100);
        List<String> aggregates = new ArrayList<>();
        int eventsPerAggregate = 1;
        if (kind < 55) {
            aggregates.add(randomAggregate());
        } else if (kind < 80) {
            aggregates.add(randomAggregate());
            eventsPerAggregate = 2 + random.nextInt(4);
            multiEventCommits.incrementAndGet();
        } else {
            while (aggregates.size() < 2 + random.nextInt(2)) {
                String aggregate = randomAggregate();
                if (!aggregates.contains(aggregate)) {
                    aggregates.add(aggregate);
                }
            }
            eventsPerAggregate = 1 + random.nextInt(2);
        }
        List<EventMessage<?>> events = new ArrayList<>();
        Map<String, Long> lastWritten = new HashMap<>();
        for (String aggregate : aggregates) {
            long first = nextSequence.get(aggregate).get();
            if (first > 0 && random.nextInt(100) < 5) {
                first--; // deliberately stale
            }
            events.addAll(TestEvents.deposits(aggregate, first, eventsPerAggregate));
            lastWritten.put(aggregate, first + eventsPerAggregate - 1);
        }
        try {
            engine.appendEvents(events);
        } catch (ConcurrencyException | AggregateStreamCreationException e) {
            conflicts.incrementAndGet();
            events.forEach(event -> rejected.add(event.getIdentifier()));
            return;
        }
        if (aggregates.size() > 1) {
            multiAggregateCommits.incrementAndGet();
        }
        events.forEach(event -> committed.add(event.getIdentifier()));
        lastWritten.forEach((aggregate, last) -> nextSequence.get(aggregate).accumulateAndGet(last + 1, Math::max));
        committedEvents.addAndGet(events.size());
    }

    private static String randomAggregate() {
        return "agg-" + ThreadLocalRandom.current().nextInt(AGGREGATES);
    }
}
