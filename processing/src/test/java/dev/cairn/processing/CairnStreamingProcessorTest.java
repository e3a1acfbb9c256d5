package dev.cairn.processing;

import com.example.streaming.BatchResources;
import com.example.streaming.Moves;
import com.mongodb.client.MongoDatabase;
import dev.cairn.mongo.embedded.junit.EmbeddedMongoExtension;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventhandling.Segment;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.async.SequentialPerAggregatePolicy;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Cairn's streaming processor (ADR 93): every event reaches its one segment, in order per aggregate, across two nodes
 * sharing the segments; a reset replays every event as a replay; a failing batch is released and retried.
 */
@ExtendWith(EmbeddedMongoExtension.class)
class CairnStreamingProcessorTest {

    private final List<CairnStreamingProcessor> started = new ArrayList<>();

    @AfterEach
    void shutDown() {
        started.forEach(CairnStreamingProcessor::shutDown);
    }

    @Test
    void twoNodesSharingTheSegmentsHandleEveryEventOnceInOrderPerItem(MongoDatabase database) throws Exception {
        // Given 600 moves of 20 items, half stored before two nodes start, each node taking one of two segments
        MovesStore moves = new MovesStore(database);
        EmbeddedEventStore store = moves.store();
        moves.append(300, 20);
        Moves.Seen seenA = new Moves.Seen(0);
        Moves.Seen seenB = new Moves.Seen(0);
        start(processor(database, store, "node-a", seenA, 1));
        start(processor(database, store, "node-b", seenB, 1));

        // When the other half is stored while they run
        moves.append(300, 20);

        // Then every move was seen once, by one node, in order per item
        assertThat(await(() -> seenA.total() + seenB.total() == 600)).as("seen %d + %d", seenA.total(),
                                                                          seenB.total()).isTrue();
        Map<String, List<Integer>> all = new HashMap<>(seenA.steps());
        seenB.steps().forEach((item, steps) -> assertThat(all.put(item, steps)).as(item + " on both nodes").isNull());
        all.forEach((item, steps) -> assertThat(steps).as(item)
                                                      .containsExactlyElementsOf(IntStream.range(0, 30).boxed()
                                                                                          .toList()));
        assertThat(seenA.total()).isPositive();
        assertThat(seenB.total()).isPositive();
        assertThat(seenA.duplicates() + seenB.duplicates()).isZero();
    }

    @Test
    void aResetReplaysEveryEventAsAReplay(MongoDatabase database) throws Exception {
        // Given a processor that handled 200 moves
        MovesStore moves = new MovesStore(database);
        EmbeddedEventStore store = moves.store();
        moves.append(200, 10);
        Moves.Seen seen = new Moves.Seen(0);
        CairnStreamingProcessor processor = start(processor(database, store, "node-a", seen, Integer.MAX_VALUE));
        assertThat(await(() -> seen.total() == 200)).isTrue();

        // When it is shut down, reset and started again
        processor.shutDown();
        processor.resetTokens();
        processor.start();

        // Then it saw every move again, each as a replay
        assertThat(await(() -> seen.replayed() == 200)).as("replayed %d", seen.replayed()).isTrue();
        assertThat(seen.total()).isEqualTo(200);
        assertThat(seen.duplicates()).isZero();
    }

    @Test
    void aFailingBatchIsReleasedAndRetriedUntilItsEventsAreHandled(MongoDatabase database) throws Exception {
        // Given a handler failing its first 3 attempts at the moves of item "stuck"
        MovesStore moves = new MovesStore(database);
        EmbeddedEventStore store = moves.store();
        moves.append(100, 10);
        moves.engine().appendEvents(MovesStore.move("stuck", 0), MovesStore.move("stuck", 1));
        Moves.Seen seen = new Moves.Seen(3);

        // When a processor runs
        start(processor(database, store, "node-a", seen, Integer.MAX_VALUE));

        // Then after its back-offs every move was handled, the stuck item's in order
        assertThat(await(() -> seen.total() == 102)).as("seen %d", seen.total()).isTrue();
        assertThat(seen.steps().get("stuck")).containsExactly(0, 1);
    }

    @Test
    void claimSegmentTakesASegmentBeyondTheShareAndSaysSo(MongoDatabase database) throws Exception {
        // Given a node whose share is one of two segments, looking at its share again only after 10 s
        MovesStore moves = new MovesStore(database);
        EmbeddedEventStore store = moves.store();
        CairnStreamingProcessor processor = start(builder(database, store, "node-a", new Moves.Seen(0), 1)
                                                          .tokenClaimInterval(Duration.ofSeconds(10)).build());
        assertThat(await(() -> processor.processingStatus().size() == 1)).isTrue();
        int other = processor.processingStatus().containsKey(0) ? 1 : 0;

        // When it is asked to claim the other one
        boolean claimed = processor.claimSegment(other).get(10, java.util.concurrent.TimeUnit.SECONDS);

        // Then it claimed it and holds both
        assertThat(claimed).isTrue();
        assertThat(processor.processingStatus()).containsKeys(0, 1);
    }

    @Test
    void segmentsAreNeitherSplitNorMerged(MongoDatabase database) throws Exception {
        // Given a running processor holding both of its segments
        MovesStore moves = new MovesStore(database);
        EmbeddedEventStore store = moves.store();
        CairnStreamingProcessor processor = start(processor(database, store, "node-a", new Moves.Seen(0), 2));
        assertThat(await(() -> processor.processingStatus().size() == 2)).isTrue();

        // When asked to split one and merge the other
        boolean split = processor.splitSegment(0).get(10, java.util.concurrent.TimeUnit.SECONDS);
        boolean merged = processor.mergeSegment(1).get(10, java.util.concurrent.TimeUnit.SECONDS);

        // Then it refuses both, and the stored segments stay two
        assertThat(split).isFalse();
        assertThat(merged).isFalse();
        assertThat(MongoTokenStore.builder().database(database).build().fetchSegments("moves")).containsExactly(0, 1);
    }

    @Test
    void eachBatchNamesItsSegmentAndTokenInItsUnitOfWorkAsAxonsProcessorsDo(MongoDatabase database)
            throws Exception {
        // Given 100 moves of 10 items and a handler reading its unit of work's resources
        MovesStore moves = new MovesStore(database);
        EmbeddedEventStore store = moves.store();
        moves.append(100, 10);
        BatchResources resources = new BatchResources("moves");

        // When a processor holding both segments handles them
        start(builder(database, store, "node-a", new Moves.Seen(0), 2)
                      .eventHandlerInvoker(MovesStore.invoker(resources))
                      .build());

        // Then each event's unit of work names the segment its item falls in, and the batch's token covers the event
        assertThat(await(() -> resources.seen().size() == 100)).as("seen %d", resources.seen().size()).isTrue();
        Segment[] segments = Segment.computeSegments(0, 1);
        for (BatchResources.Seen seen : resources.seen()) {
            assertThat(seen.segmentId()).as("segment of %s", seen.moved()).isInstanceOf(Integer.class);
            Segment segment = segments[(Integer) seen.segmentId()];
            assertThat(segment.matches(seen.moved().item())).as("%s in %s", seen.moved(), segment).isTrue();
            assertThat(seen.batchToken()).as("token of %s", seen.moved()).isInstanceOf(TrackingToken.class);
            assertThat(((TrackingToken) seen.batchToken()).covers(seen.token())).as("%s covers %s",
                                                                                  seen.batchToken(), seen.token())
                                                                              .isTrue();
        }
        assertThat(resources.seen()).extracting(BatchResources.Seen::segmentId).contains(0, 1);
    }

    private CairnStreamingProcessor processor(MongoDatabase database, EmbeddedEventStore store, String node,
                                              Moves.Seen seen, int maxSegments) {
        return builder(database, store, node, seen, maxSegments).build();
    }

    private CairnStreamingProcessor.Builder builder(MongoDatabase database, EmbeddedEventStore store, String node,
                                                    Moves.Seen seen, int maxSegments) {
        MongoTokenStore tokens = MongoTokenStore.builder().database(database).nodeId(node)
                                                .claimTimeout(Duration.ofSeconds(2)).build();
        return CairnStreamingProcessor.builder()
                                      .name("moves")
                                      .eventHandlerInvoker(MovesStore.invoker(seen))
                                      .errorHandler(PropagatingErrorHandler.instance())
                                      .messageSource(store)
                                      .tokenStore(tokens)
                                      .transactionManager(NoTransactionManager.INSTANCE)
                                      .sequencingPolicy(SequentialPerAggregatePolicy.instance())
                                      .maxSegmentProvider(name -> maxSegments)
                                      .batchSize(25);
    }

    private CairnStreamingProcessor start(CairnStreamingProcessor processor) {
        processor.start();
        started.add(processor);
        return processor;
    }

    private static boolean await(BooleanSupplier condition) throws InterruptedException {
        return MovesStore.await(condition, Duration.ofSeconds(20));
    }
}
