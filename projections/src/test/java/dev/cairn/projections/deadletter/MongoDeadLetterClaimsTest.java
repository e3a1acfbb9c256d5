package dev.cairn.projections.deadletter;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import dev.cairn.mongo.embedded.junit.EmbeddedMongoExtension;
import dev.cairn.processing.LeaseClock;
import dev.cairn.projections.MongoSequencedDeadLetterQueue;
import dev.cairn.mongo.embedded.junit.MutableClock;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.messaging.deadletter.DeadLetter;
import org.axonframework.messaging.deadletter.Decisions;
import org.axonframework.messaging.deadletter.EnqueueDecision;
import org.axonframework.messaging.deadletter.GenericDeadLetter;
import org.bson.BsonDocument;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Processing claims between nodes: two queues on one collection stand for two nodes of one processing group.
 */
@ExtendWith(EmbeddedMongoExtension.class)
class MongoDeadLetterClaimsTest {

    private static final int SEQUENCES = 8;
    private static final int LETTERS_PER_SEQUENCE = 5;

    @Test
    void twoNodesNeverProcessOneSequenceAtOnceAndEachLetterOnceInOrder(MongoDatabase database) throws Exception {
        // given two nodes and sequences of several letters each
        MongoSequencedDeadLetterQueue<EventMessage<?>> nodeA = queue(database, Clock.systemUTC());
        MongoSequencedDeadLetterQueue<EventMessage<?>> nodeB = queue(database, Clock.systemUTC());
        for (int letter = 0; letter < LETTERS_PER_SEQUENCE; letter++) {
            for (int sequence = 0; sequence < SEQUENCES; sequence++) {
                String id = "s" + sequence;
                nodeA.enqueue(id, new GenericDeadLetter<>(id, GenericEventMessage.asEventMessage(id + ":" + letter)));
            }
        }
        Map<String, String> inFlight = new ConcurrentHashMap<>();
        Queue<String> overlaps = new ConcurrentLinkedQueue<>();
        Queue<String> processed = new ConcurrentLinkedQueue<>();
        Function<DeadLetter<? extends EventMessage<?>>, EnqueueDecision<EventMessage<?>>> task = letter -> {
            String payload = (String) letter.message().getPayload();
            String sequence = payload.substring(0, payload.indexOf(':'));
            String node = Thread.currentThread().getName();
            String other = inFlight.putIfAbsent(sequence, node);
            if (other != null && !other.equals(node)) {
                overlaps.add(sequence);
            }
            sleep(2);
            processed.add(payload);
            inFlight.remove(sequence, node);
            return Decisions.evict();
        };

        // when both process until the queue is empty
        ExecutorService nodes = Executors.newFixedThreadPool(2);
        try {
            List<Future<?>> runs = new ArrayList<>();
            for (MongoSequencedDeadLetterQueue<EventMessage<?>> node : List.of(nodeA, nodeB)) {
                runs.add(nodes.submit(() -> {
                    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
                    while (node.size() > 0 && System.nanoTime() < deadline) {
                        node.process(task);
                    }
                }));
            }
            for (Future<?> run : runs) {
                run.get();
            }
        } finally {
            nodes.shutdownNow();
        }

        // then
        assertThat(overlaps).isEmpty();
        assertThat(processed).hasSize(SEQUENCES * LETTERS_PER_SEQUENCE).doesNotHaveDuplicates();
        for (int sequence = 0; sequence < SEQUENCES; sequence++) {
            String prefix = "s" + sequence + ":";
            assertThat(processed.stream().filter(p -> p.startsWith(prefix)).toList())
                    .containsExactly(prefix + 0, prefix + 1, prefix + 2, prefix + 3, prefix + 4);
        }
        assertThat(nodeA.size()).isZero();
    }

    @Test
    void aClaimOlderThanTheClaimDurationIsTakenOver(MongoDatabase database) {
        // given a sequence claimed by a node that stopped while processing it
        MutableClock clock = new MutableClock(Instant.parse("2030-01-01T10:00:00Z"));
        MongoSequencedDeadLetterQueue<EventMessage<?>> queue = queue(database, clock);
        queue.enqueue("o-4", new GenericDeadLetter<>("o-4", GenericEventMessage.asEventMessage("stuck"),
                                                     new RuntimeException("boom")));
        BsonDocument crashedClaim = BsonDocument.parse("{owner: 'crashed-node', at: {$date: '2030-01-01T09:59:50Z'}}");
        database.getCollection("cairn_dead_letters")
                .updateOne(Filters.eq("sequenceIdentifier", "o-4"), Updates.set("claim", crashedClaim));
        AtomicReference<Object> processed = new AtomicReference<>();
        Function<DeadLetter<? extends EventMessage<?>>, EnqueueDecision<EventMessage<?>>> task = letter -> {
            processed.set(letter.message().getPayload());
            return Decisions.evict();
        };

        // when the claim is 10 seconds old, then nobody else processes the sequence
        assertThat(queue.process(task)).isFalse();
        assertThat(processed.get()).isNull();

        // when it is 31 seconds old, then this node takes it over
        clock.advance(Duration.ofSeconds(21));
        assertThat(queue.process(task)).isTrue();
        assertThat(processed.get()).isEqualTo("stuck");
        assertThat(queue.contains("o-4")).isFalse();
    }

    @Test
    void aFailingProcessingTaskReleasesTheClaimAtOnce(MongoDatabase database) {
        // given
        MongoSequencedDeadLetterQueue<EventMessage<?>> queue = queue(database, Clock.systemUTC());
        queue.enqueue("o-5", new GenericDeadLetter<>("o-5", GenericEventMessage.asEventMessage("fragile"),
                                                     new RuntimeException("boom")));

        // when the task throws instead of deciding
        try {
            queue.process(letter -> {
                throw new IllegalStateException("handler crashed");
            });
        } catch (IllegalStateException expected) {
            // the task's own failure reaches the caller
        }

        // then the sequence can be processed again without waiting for the claim duration
        assertThat(queue.process(letter -> Decisions.evict())).isTrue();
        assertThat(queue.contains("o-5")).isFalse();
    }

    private static MongoSequencedDeadLetterQueue<EventMessage<?>> queue(MongoDatabase database, Clock clock) {
        return MongoSequencedDeadLetterQueue.<EventMessage<?>>builder()
                                            .processingGroup("orders")
                                            .database(database)
                                            .clock(clock)
                                            .leaseClock(LeaseClock.of(clock))
                                            .build();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
