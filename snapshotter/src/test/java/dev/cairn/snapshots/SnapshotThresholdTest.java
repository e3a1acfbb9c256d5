package dev.cairn.snapshots;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import dev.cairn.eventstore.mongo.CairnSerializers;
import dev.cairn.mongo.embedded.junit.EmbeddedMongoExtension;
import dev.cairn.snapshots.support.Apps;
import com.example.snapshots.Counter;
import dev.cairn.snapshots.support.ObservedEngine;
import org.axonframework.config.Configuration;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(EmbeddedMongoExtension.class)
class SnapshotThresholdTest {

    private final List<Configuration> apps = new ArrayList<>();

    @AfterEach
    void shutDown() {
        apps.forEach(Configuration::shutdown);
    }

    @Test
    void snapshotAfterThresholdHoldsTheStateOfAFullReplay(MongoDatabase database) throws Exception {
        // Given an application snapshotting counters every 10 events
        CairnSnapshots snapshots = CairnSnapshots.builder().database(database).threshold(Counter.class, 10).build();
        Configuration app = start(snapshots, engine(database, snapshots));

        // When one counter receives 25 events (creation and 24 increments)
        Apps.writeCounter(app, "counter-1", 24);
        assertThat(snapshots.snapshotter().awaitIdle(Duration.ofSeconds(10))).isTrue();

        // Then there is one snapshot of it, with fewer than 10 events after it (snapshots run asynchronously: the
        // first may land anywhere from sequence 9 on, and the trigger counts from the snapshot a load started from)
        List<Document> stored = database.getCollection("snapshots").find(Filters.eq("_id", "counter-1"))
                                        .into(new ArrayList<>());
        assertThat(stored).hasSize(1);
        long sequence = stored.get(0).getLong("sequenceNumber");
        assertThat(sequence).isBetween(24L - 9, 24L);
        assertThat(stored.get(0).getString("payloadRevision")).isEqualTo("2");
        // and its state equals replaying the events up to that sequence
        Counter snapshotState = (Counter) CairnSerializers.defaultSerializer().deserialize(
                new org.axonframework.serialization.SimpleSerializedObject<>(
                        ((Document) stored.get(0).get("payload")).toJson(), String.class,
                        Counter.class.getName(), "2"));
        Counter replayed = Counter.replay(eventsUpTo(app.eventStore(), "counter-1", sequence));
        assertThat(snapshotState.total()).isEqualTo(replayed.total()).isEqualTo(Apps.triangle(sequence));
        assertThat(snapshotState.increments()).isEqualTo(replayed.increments()).isEqualTo(sequence);
        assertThat(snapshotState.id()).isEqualTo("counter-1");
        SnapshotMetrics metrics = snapshots.metrics();
        assertThat(metrics.taken()).isGreaterThanOrEqualTo(1);
        assertThat(metrics.failed()).isZero();
        assertThat(metrics.dropped()).isZero();
        assertThat(metrics.meanDuration()).isPositive();
    }

    @Test
    void commandsKeepSucceedingWhileSnapshotWritesFail(MongoDatabase database) throws Exception {
        // Given an application whose snapshot writes fail for one counter
        CairnSnapshots snapshots = CairnSnapshots.builder().database(database).threshold(Counter.class, 10).build();
        ObservedEngine engine = engine(database, snapshots);
        engine.failSnapshotsOf("broken");
        Configuration app = start(snapshots, engine);

        // When both counters receive 25 events
        Apps.writeCounter(app, "broken", 24);
        Apps.writeCounter(app, "healthy", 24);
        assertThat(snapshots.snapshotter().awaitIdle(Duration.ofSeconds(10))).isTrue();

        // Then every command succeeded: the state is complete
        assertThat(Apps.load(app, "broken").total()).isEqualTo(Apps.triangle(24));
        // and the failures were counted, while the healthy counter was snapshotted
        SnapshotMetrics metrics = snapshots.metrics();
        assertThat(metrics.failed()).isPositive();
        assertThat(metrics.taken()).isPositive();
        assertThat(database.getCollection("snapshots").countDocuments(Filters.eq("_id", "broken"))).isZero();
        assertThat(database.getCollection("snapshots").countDocuments(Filters.eq("_id", "healthy"))).isOne();
    }

    @Test
    void aFullQueueDropsRequestsWithoutBlockingCommands(MongoDatabase database) throws Exception {
        // Given one snapshot thread, a queue of one, and snapshot writes held back
        CairnSnapshots snapshots = CairnSnapshots.builder().database(database).threshold(Counter.class, 2)
                                                 .threads(1).queueCapacity(1).build();
        ObservedEngine engine = engine(database, snapshots);
        Configuration app = start(snapshots, engine);
        engine.holdWrites();

        // When counter a reaches the threshold and its snapshot write is held
        Apps.writeCounter(app, "a", 1);
        awaitHeldWrites(engine, 1);
        // and b (queued) and c (no room) reach it too, and a asks again while running
        Apps.writeCounter(app, "b", 1);
        Apps.writeCounter(app, "c", 1);
        Apps.increment(app, "a", 2, 2);

        // Then exactly c's request was dropped, and the commands completed while the writes were held
        assertThat(snapshots.metrics().dropped()).isEqualTo(1);
        assertThat(engine.heldWrites()).isEqualTo(1);
        engine.releaseWrites();
        assertThat(snapshots.snapshotter().awaitIdle(Duration.ofSeconds(10))).isTrue();
        // a (its first write and one merged re-run) and b were snapshotted, c was not
        assertThat(engine.storedSequences("a")).containsExactly(1L, 3L);
        assertThat(engine.storedSequences("b")).containsExactly(1L);
        assertThat(engine.storedSequences("c")).isEmpty();
        assertThat(snapshots.metrics().taken()).isEqualTo(3);
    }

    private Configuration start(CairnSnapshots snapshots, ObservedEngine engine) {
        Configuration app = Apps.withSnapshots(snapshots, filter -> engine);
        apps.add(app);
        return app;
    }

    static ObservedEngine engine(MongoDatabase database, CairnSnapshots snapshots) {
        return new ObservedEngine(database, snapshots.snapshotFilter(List.of(Counter.class)));
    }

    private static void awaitHeldWrites(ObservedEngine engine, int count) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (engine.heldWrites() < count) {
            assertThat(System.nanoTime()).as("held snapshot writes").isLessThan(deadline);
            Thread.sleep(5);
        }
    }

    static List<Object> eventsUpTo(EventStore eventStore, String id, long lastSequence) {
        List<Object> payloads = new ArrayList<>();
        DomainEventStream events = eventStore.readEvents(id, 0);
        while (events.hasNext()) {
            DomainEventMessage<?> event = events.next();
            if (event.getSequenceNumber() <= lastSequence) {
                payloads.add(event.getPayload());
            }
        }
        return payloads;
    }
}
