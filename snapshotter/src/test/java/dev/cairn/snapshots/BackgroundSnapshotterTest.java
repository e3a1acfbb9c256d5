package dev.cairn.snapshots;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import dev.cairn.eventstore.mongo.MongoEventStorageEngine;
import dev.cairn.mongo.embedded.junit.EmbeddedMongoExtension;
import dev.cairn.snapshots.support.Apps;
import com.example.snapshots.Counter;
import org.axonframework.config.Configuration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(EmbeddedMongoExtension.class)
class BackgroundSnapshotterTest {

    private final List<Configuration> apps = new ArrayList<>();

    @AfterEach
    void shutDown() {
        apps.forEach(Configuration::shutdown);
    }

    @Test
    void snapshotsAggregatesWrittenByAnotherInstanceAndResumesAfterRestart(MongoDatabase database)
            throws Exception {
        // Given a second application instance, without snapshots, writing three counters of 25 events
        Configuration writer = Apps.withoutSnapshots(database);
        apps.add(writer);
        Apps.writeCounter(writer, "a", 24);
        Apps.writeCounter(writer, "b", 24);
        Apps.writeCounter(writer, "c", 24);

        // When an application with the background snapshotter (threshold 10) runs
        CairnSnapshots first = backgroundSnapshots(database);
        Configuration snapshotting = start(first, database);
        BackgroundSnapshotter background = first.background().orElseThrow();
        await("first pass", background::eventsRead, 75);

        // Then each counter has a snapshot at its last event
        assertThat(background.snapshotsTaken()).isEqualTo(3);
        for (String id : List.of("a", "b", "c")) {
            assertThat(sequenceOf(database, id)).as(id).isEqualTo(24);
        }

        // When it stops, the writer adds 5 events to a and 12 to b, and it starts again
        snapshotting.shutdown();
        Apps.increment(writer, "a", 25, 5);
        Apps.increment(writer, "b", 25, 12);
        CairnSnapshots second = backgroundSnapshots(database);
        start(second, database);
        BackgroundSnapshotter resumed = second.background().orElseThrow();
        await("resumed pass", resumed::eventsRead, 17);

        // Then it read only the 17 new events and snapshotted only b (12 past its snapshot; a is 5 past)
        assertThat(resumed.snapshotsTaken()).isEqualTo(1);
        assertThat(sequenceOf(database, "b")).isEqualTo(36);
        assertThat(sequenceOf(database, "a")).isEqualTo(24);
        assertThat(sequenceOf(database, "c")).isEqualTo(24);
        assertThat(second.metrics().taken()).isEqualTo(1);
        // and nothing more arrives: a further poll reads no old events again
        Thread.sleep(300);
        assertThat(resumed.eventsRead()).isEqualTo(17);
    }

    @Test
    void instancesWithOneNameWorkOneAtATimeAndTheOtherTakesOverWhenTheHolderStops(MongoDatabase database)
            throws Exception {
        // Given two application nodes, each running the background snapshotter under the same name
        Configuration writer = Apps.withoutSnapshots(database);
        apps.add(writer);
        Apps.writeCounter(writer, "d", 24);
        CairnSnapshots nodeA = backgroundSnapshots(database, "node-a");
        Configuration appA = start(nodeA, database);
        BackgroundSnapshotter holder = nodeA.background().orElseThrow();
        await("node A's pass", holder::eventsRead, 25);
        CairnSnapshots nodeB = backgroundSnapshots(database, "node-b");
        start(nodeB, database);
        BackgroundSnapshotter standby = nodeB.background().orElseThrow();

        // When more events arrive while A holds the claim
        Apps.increment(writer, "d", 25, 12);
        await("node A's second pass", holder::eventsRead, 37);

        // Then only A worked: B read nothing and took no snapshot
        Thread.sleep(300);
        assertThat(standby.eventsRead()).isZero();
        assertThat(holder.snapshotsTaken()).isEqualTo(2);

        // When A stops (releasing its claim) and events keep coming, then B continues from A's position
        appA.shutdown();
        Apps.increment(writer, "d", 37, 11);
        await("node B's pass", standby::eventsRead, 11);
        assertThat(standby.eventsRead()).isEqualTo(11);
        assertThat(standby.snapshotsTaken()).isEqualTo(1);
        assertThat(sequenceOf(database, "d")).isEqualTo(47);
    }

    private CairnSnapshots backgroundSnapshots(MongoDatabase database, String nodeId) {
        return CairnSnapshots.builder().database(database).threshold(Counter.class, 10).background(true)
                             .background(BackgroundOptions.defaults().withPollInterval(Duration.ofMillis(100)))
                             .backgroundTokenStore(tokens -> tokens.nodeId(nodeId)).build();
    }

    private CairnSnapshots backgroundSnapshots(MongoDatabase database) {
        return CairnSnapshots.builder().database(database).threshold(Counter.class, 10).background(true)
                             .background(BackgroundOptions.defaults().withPollInterval(Duration.ofMillis(100)))
                             .build();
    }

    private Configuration start(CairnSnapshots snapshots, MongoDatabase database) {
        Configuration app = Apps.withSnapshots(snapshots, filter -> MongoEventStorageEngine.builder()
                                                                                         .database(database)
                                                                                         .allowedTypes(Apps.ALLOWED)
                                                                                         .snapshotFilter(filter)
                                                                                         .build());
        apps.add(app);
        return app;
    }

    private static long sequenceOf(MongoDatabase database, String id) {
        return database.getCollection("snapshots").find(Filters.eq("_id", id)).first().getLong("sequenceNumber");
    }

    private static void await(String what, LongSupplier actual, long expected) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (actual.getAsLong() < expected && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(actual.getAsLong()).as(what).isEqualTo(expected);
    }
}
