package dev.cairn.snapshots;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import dev.cairn.aggregates.Cairn;
import dev.cairn.aggregates.CairnApplication;
import dev.cairn.mongo.embedded.junit.EmbeddedMongoExtension;
import dev.cairn.snapshots.support.Apps;
import com.example.snapshots.Counter;
import com.example.snapshots.Tally;
import org.axonframework.eventsourcing.snapshotting.SnapshotFilter;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The snapshotter plugged into the Cairn entry point as an extension.
 */
@ExtendWith(EmbeddedMongoExtension.class)
class CairnEntryPointTest {

    @Test
    void snapshotsThroughTheEntryPointFromSnapshotEveryAndFromTheAnnotation(MongoDatabase database)
            throws Exception {
        // Given an application with Counter snapshotted every 10 events and Tally annotated @SnapshotEvery(5)
        CairnSnapshots snapshots = CairnSnapshots.builder().threads(2).build();
        try (CairnApplication app = Cairn.builder()
                                         .database(database)
                                         .aggregate(Counter.class)
                                         .aggregate(Tally.class)
                                         .snapshotEvery(Counter.class, 10)
                                         .extension(snapshots.extension())
                                         .start()) {
            assertThat(snapshots.thresholds()).isEqualTo(Map.of(Counter.class, 10, Tally.class, 5));

            // When the counter receives 25 events and the tally 12
            app.commandGateway().sendAndWait(new Counter.Create("counter-1"));
            for (int i = 1; i <= 24; i++) {
                app.commandGateway().sendAndWait(new Counter.Increment("counter-1", i));
            }
            app.commandGateway().sendAndWait(new Tally.Open("tally-1"));
            for (int i = 0; i < 11; i++) {
                app.commandGateway().sendAndWait(new Tally.Mark("tally-1"));
            }
            assertThat(snapshots.snapshotter().awaitIdle(Duration.ofSeconds(10))).isTrue();

            // Then both have snapshots taken off the command path, at or after their last threshold
            Document counter = database.getCollection("snapshots").find(Filters.eq("_id", "counter-1")).first();
            // Axon's trigger counts the events an aggregate is sourced from, so where the second trigger falls depends on
            // when the asynchronous first snapshot became visible (a snapshot at 18 was seen): the first threshold is
            // covered, and the snapshot holds the state at its own sequence number
            assertThat(counter.getLong("sequenceNumber")).isBetween(9L, 24L);
            assertThat(((Number) ((Document) counter.get("payload")).get("total")).longValue())
                    .isEqualTo(Apps.triangle(counter.getLong("sequenceNumber")));
            Document tally = database.getCollection("snapshots").find(Filters.eq("_id", "tally-1")).first();
            // Axon's trigger also counts the events an aggregate is sourced from, so where later triggers fall depends
            // on when the asynchronous earlier snapshot became visible; at least the first threshold is covered
            assertThat(tally.getLong("sequenceNumber")).isBetween(4L, 11L);
            assertThat(snapshots.housekeeping().stats(Tally.class).count()).isEqualTo(1);
            assertThat(snapshots.metrics().failed()).isZero();
        }
    }

    @Test
    void theExtensionMakesTheEngineIgnoreAnUnreadableSnapshot(MongoDatabase database) throws Exception {
        // Given a counter with a snapshot whose payload no longer fits the class
        CairnSnapshots snapshots = CairnSnapshots.builder().build();
        try (CairnApplication app = Cairn.builder()
                                         .database(database)
                                         .aggregate(Counter.class)
                                         .snapshotEvery(Counter.class, 5)
                                         .extension(snapshots.extension())
                                         .start()) {
            app.commandGateway().sendAndWait(new Counter.Create("counter-2"));
            for (int i = 1; i <= 6; i++) {
                app.commandGateway().sendAndWait(new Counter.Increment("counter-2", i));
            }
            assertThat(snapshots.snapshotter().awaitIdle(Duration.ofSeconds(10))).isTrue();
            database.getCollection("snapshots").updateOne(
                    Filters.eq("_id", "counter-2"),
                    new Document("$set", new Document("payload.total", new Document("unexpected", "shape"))));

            // When the next command loads the counter
            app.commandGateway().sendAndWait(new Counter.Increment("counter-2", 7));

            // Then it succeeds from the events: the unreadable snapshot was filtered out, not fatal
            assertThat(app.eventStore().readEvents("counter-2").asStream().count()).isGreaterThanOrEqualTo(1);
            assertThat(snapshots.metrics().failed()).isZero();
        }
    }

    @Test
    void theApplicationsOwnSnapshotFilterStillAppliesBesideTheExtensions(MongoDatabase database) throws Exception {
        // Given an application whose own snapshot filter refuses every snapshot and counts what it is asked, with the
        // snapshots extension, which adds its revision rule to the engine's filter
        AtomicInteger asked = new AtomicInteger();
        SnapshotFilter refuseAll = snapshot -> {
            asked.incrementAndGet();
            return false;
        };
        CairnSnapshots snapshots = CairnSnapshots.builder().build();
        try (CairnApplication app = Cairn.builder()
                                         .database(database)
                                         .aggregate(Counter.class)
                                         .snapshotEvery(Counter.class, 5)
                                         .eventStorage(engine -> engine.snapshotFilter(refuseAll))
                                         .extension(snapshots.extension())
                                         .start()) {
            app.commandGateway().sendAndWait(new Counter.Create("counter-3"));
            for (int i = 1; i <= 6; i++) {
                app.commandGateway().sendAndWait(new Counter.Increment("counter-3", i));
            }
            assertThat(snapshots.snapshotter().awaitIdle(Duration.ofSeconds(10))).isTrue();
            assertThat(database.getCollection("snapshots").countDocuments(Filters.eq("_id", "counter-3"))).isOne();
            asked.set(0);

            // When the next command loads the counter
            app.commandGateway().sendAndWait(new Counter.Increment("counter-3", 7));

            // Then the application's filter was asked about the stored snapshot (the extension's rule did not replace
            // it), and the counter, sourced from its events, is right
            assertThat(asked.get()).isPositive();
            assertThat(app.eventStore().readEvents("counter-3").asStream().count()).isEqualTo(8);
        }
    }
}
