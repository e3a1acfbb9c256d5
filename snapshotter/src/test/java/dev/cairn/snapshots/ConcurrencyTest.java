package dev.cairn.snapshots;

import com.mongodb.client.MongoDatabase;
import dev.cairn.mongo.embedded.junit.EmbeddedMongoExtension;
import dev.cairn.snapshots.support.Apps;
import com.example.snapshots.Counter;
import dev.cairn.snapshots.support.ObservedEngine;
import org.axonframework.config.Configuration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(EmbeddedMongoExtension.class)
class ConcurrencyTest {

    private Configuration app;

    @AfterEach
    void shutDown() {
        if (app != null) {
            app.shutdown();
        }
    }

    @Test
    void fourThreadsHammeringOneAggregateNeverSnapshotItTwiceAtOnce(MongoDatabase database) throws Exception {
        // Given snapshots every 5 events on four snapshot threads
        CairnSnapshots snapshots = CairnSnapshots.builder().database(database).threshold(Counter.class, 5)
                                                 .threads(4).build();
        ObservedEngine engine = new ObservedEngine(database, snapshots.snapshotFilter(List.of(Counter.class)));
        app = Apps.withSnapshots(snapshots, filter -> engine);
        app.commandGateway().sendAndWait(new Counter.Create("hot"));

        // When four threads send 25 increments of 1 each to the same counter
        int threads = 4;
        int perThread = 25;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch go = new CountDownLatch(1);
        AtomicInteger succeeded = new AtomicInteger();
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            futures.add(pool.submit(() -> {
                go.await();
                for (int i = 0; i < perThread; i++) {
                    app.commandGateway().sendAndWait(new Counter.Increment("hot", 1));
                    succeeded.incrementAndGet();
                }
                return null;
            }));
        }
        go.countDown();
        for (Future<?> future : futures) {
            future.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();
        assertThat(snapshots.snapshotter().awaitIdle(Duration.ofSeconds(20))).isTrue();

        // Then every command succeeded
        assertThat(succeeded.get()).isEqualTo(threads * perThread);
        assertThat(Apps.load(app, "hot").total()).isEqualTo(threads * perThread);
        // and never were two snapshot writes of the counter running at once
        assertThat(engine.maxConcurrentWritesPerAggregate()).isEqualTo(1);
        // and the stored snapshot only ever moved forward, ending within one threshold of the last event (100)
        List<Long> stored = engine.storedSequences("hot");
        assertThat(stored).isNotEmpty().isSorted();
        assertThat(stored.get(stored.size() - 1)).isBetween(96L, 100L);
        assertThat(snapshots.metrics().failed()).isZero();
        assertThat(snapshots.metrics().dropped()).isZero();
    }
}
