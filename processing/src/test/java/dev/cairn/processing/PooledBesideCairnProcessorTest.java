package dev.cairn.processing;

import com.example.streaming.Moves;
import com.mongodb.client.MongoDatabase;
import dev.cairn.mongo.embedded.junit.EmbeddedMongoExtension;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventhandling.async.SequentialPerAggregatePolicy;
import org.axonframework.eventhandling.pooled.PooledStreamingEventProcessor;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A rolling deploy onto Cairn's streaming processor (ADR 93): a node of an earlier release runs a projection on Axon's
 * pooled processor, a node of this release runs it on Cairn's, both on the same token store, claims and tokens (no
 * stored format changed). While both run, each handles its own segment; when the old node stops, the new one takes its
 * segment from the token the old one stored. Every event is handled once, in order per aggregate.
 */
@ExtendWith(EmbeddedMongoExtension.class)
class PooledBesideCairnProcessorTest {

    private PooledStreamingEventProcessor pooled;
    private CairnStreamingProcessor cairn;
    private ScheduledExecutorService coordinator;
    private ScheduledExecutorService workers;

    @AfterEach
    void stop() {
        if (pooled != null) {
            pooled.shutDown();
        }
        if (cairn != null) {
            cairn.shutDown();
        }
        if (coordinator != null) {
            coordinator.shutdownNow();
            workers.shutdownNow();
        }
    }

    @Test
    void aPooledNodeAndACairnNodeShareTheSegmentsThenTheCairnNodeTakesOver(MongoDatabase database) throws Exception {
        // Given 300 moves of 20 items, a node of the earlier release on Axon's pooled processor holding one of two
        // segments, and a node of this release on Cairn's processor holding the other
        MovesStore moves = new MovesStore(database);
        EmbeddedEventStore store = moves.store();
        moves.append(300, 20);
        Moves.Seen seenOld = new Moves.Seen(0);
        Moves.Seen seenNew = new Moves.Seen(0);
        pooled = pooledProcessor(database, store, seenOld);
        pooled.start();
        assertThat(await(() -> pooled.processingStatus().size() == 1)).as("the pooled node claimed a segment").isTrue();
        AtomicInteger newShare = new AtomicInteger(1);
        cairn = CairnStreamingProcessor.builder()
                                       .name("moves")
                                       .eventHandlerInvoker(MovesStore.invoker(seenNew))
                                       .errorHandler(PropagatingErrorHandler.instance())
                                       .messageSource(store)
                                       .tokenStore(tokens(database, "node-new"))
                                       .transactionManager(NoTransactionManager.INSTANCE)
                                       .sequencingPolicy(SequentialPerAggregatePolicy.instance())
                                       .maxSegmentProvider(name -> newShare.get())
                                       .batchSize(25)
                                       .build();
        cairn.start();

        // When 300 more moves are stored while both run, then the old node stops and 100 more are stored
        moves.append(300, 20);
        assertThat(await(() -> seenOld.total() + seenNew.total() == 600)).as("seen %d + %d", seenOld.total(),
                                                                              seenNew.total()).isTrue();
        int oldBeforeStop = seenOld.total();
        pooled.shutDown();
        newShare.set(2);
        moves.append(100, 20);

        // Then every move was seen once, in order per item, each item on one node until the old one stopped
        assertThat(await(() -> seenOld.total() + seenNew.total() == 700)).as("seen %d + %d", seenOld.total(),
                                                                              seenNew.total()).isTrue();
        assertThat(oldBeforeStop).isPositive();
        assertThat(seenOld.total()).isEqualTo(oldBeforeStop);
        assertThat(seenOld.duplicates() + seenNew.duplicates()).isZero();
        Map<String, List<Integer>> old = seenOld.steps();
        Map<String, List<Integer>> now = seenNew.steps();
        for (int i = 0; i < 20; i++) {
            String item = "item-" + i;
            List<Integer> steps = new ArrayList<>(old.getOrDefault(item, List.of()));
            steps.addAll(now.getOrDefault(item, List.of()));
            assertThat(steps).as(item).containsExactlyElementsOf(IntStream.range(0, 35).boxed().toList());
        }
        assertThat(cairn.processingStatus()).containsOnlyKeys(0, 1);
    }

    private PooledStreamingEventProcessor pooledProcessor(MongoDatabase database, EmbeddedEventStore store,
                                                          Moves.Seen seen) {
        coordinator = Executors.newSingleThreadScheduledExecutor();
        workers = Executors.newScheduledThreadPool(2);
        return PooledStreamingEventProcessor.builder()
                                            .name("moves")
                                            .eventHandlerInvoker(MovesStore.invoker(seen))
                                            .errorHandler(PropagatingErrorHandler.instance())
                                            .messageSource(store)
                                            .tokenStore(tokens(database, "node-old"))
                                            .transactionManager(NoTransactionManager.INSTANCE)
                                            .coordinatorExecutor(coordinator)
                                            .workerExecutor(workers)
                                            .initialSegmentCount(2)
                                            .maxClaimedSegments(1)
                                            .initialToken(source -> null)
                                            .tokenClaimInterval(250)
                                            // extends its claims well within their 2 s timeout, as earlier releases did
                                            .claimExtensionThreshold(500)
                                            .batchSize(25)
                                            .build();
    }

    private static MongoTokenStore tokens(MongoDatabase database, String node) {
        return MongoTokenStore.builder().database(database).nodeId(node).claimTimeout(Duration.ofSeconds(2)).build();
    }

    private static boolean await(BooleanSupplier condition) throws InterruptedException {
        return MovesStore.await(condition, Duration.ofSeconds(30));
    }
}
