package dev.cairn.snapshots;

import com.mongodb.MongoClientSettings;
import com.mongodb.ConnectionString;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import dev.cairn.eventstore.mongo.MongoEventStorageEngine;
import dev.cairn.mongo.embedded.junit.EmbeddedMongoExtension;
import dev.cairn.mongo.embedded.junit.MongoTarget;
import dev.cairn.snapshots.support.Apps;
import com.example.snapshots.Counter;
import dev.cairn.snapshots.support.EventFetchCounter;
import org.axonframework.config.Configuration;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Counts the events the driver receives from the event collection while an aggregate loads.
 */
@ExtendWith(EmbeddedMongoExtension.class)
class LoadPathTest {

    private final List<Configuration> apps = new ArrayList<>();
    private final EventFetchCounter fetched = new EventFetchCounter("events");
    private MongoClient countingClient;

    @BeforeEach
    void countingClient(MongoTarget target) {
        countingClient = MongoClients.create(MongoClientSettings.builder()
                                                                .applyConnectionString(new ConnectionString(
                                                                        target.connectionString()))
                                                                .addCommandListener(fetched)
                                                                .build());
    }

    @AfterEach
    void shutDown() {
        apps.forEach(Configuration::shutdown);
        countingClient.close();
    }

    @Test
    void loadingReadsTheSnapshotAndOnlyTheEventsAfterIt(MongoDatabase database) throws Exception {
        // Given 25 events of one counter, snapshotted every 10 events
        MongoDatabase counted = countingClient.getDatabase(database.getName());
        CairnSnapshots snapshots = CairnSnapshots.builder().database(counted).threshold(Counter.class, 10).build();
        Configuration app = Apps.withSnapshots(snapshots, filter -> MongoEventStorageEngine.builder()
                                                                                         .database(counted)
                                                                                         .allowedTypes(Apps.ALLOWED)
                                                                                         .snapshotFilter(filter)
                                                                                         .build());
        apps.add(app);
        Apps.writeCounter(app, "counter-1", 24);
        assertThat(snapshots.snapshotter().awaitIdle(Duration.ofSeconds(10))).isTrue();
        long snapshotSequence = snapshots.housekeeping().stats(Counter.class).count() == 1
                ? database.getCollection("snapshots").find().first().getLong("sequenceNumber") : -1;
        assertThat(snapshotSequence).isBetween(19L, 24L);

        // When the counter is loaded
        fetched.reset();
        Counter loaded = Apps.load(app, "counter-1");

        // Then only the events after the snapshot were fetched, and the state is complete
        assertThat(fetched.events()).isEqualTo(24 - snapshotSequence);
        assertThat(loaded.total()).isEqualTo(Apps.triangle(24));
        assertThat(loaded.increments()).isEqualTo(24);

        // and without the snapshot, loading fetches all 25 events
        snapshots.housekeeping().purge(Counter.class);
        fetched.reset();
        assertThat(Apps.load(app, "counter-1").total()).isEqualTo(Apps.triangle(24));
        assertThat(fetched.events()).isEqualTo(25);
    }

    @Test
    void aTenThousandEventAggregateLoadsFromItsSnapshot(MongoDatabase database) throws Exception {
        // Given a counter with 10,000 events (one commit each) and a snapshot threshold of 100
        MongoDatabase counted = countingClient.getDatabase(database.getName());
        CairnSnapshots snapshots = CairnSnapshots.builder().database(counted).threshold(Counter.class, 100).build();
        Configuration app = Apps.withSnapshots(snapshots, filter -> MongoEventStorageEngine.builder()
                                                                                         .database(counted)
                                                                                         .allowedTypes(Apps.ALLOWED)
                                                                                         .snapshotFilter(filter)
                                                                                         .build());
        apps.add(app);
        int events = 10_000;
        app.eventStore().publish(new GenericDomainEventMessage<>("Counter", "big", 0, new Counter.Created("big")));
        for (int sequence = 1; sequence < events; sequence++) {
            app.eventStore().publish(new GenericDomainEventMessage<>("Counter", "big", sequence,
                                                                     new Counter.Incremented("big", sequence)));
        }

        // When it is loaded without a snapshot
        fetched.reset();
        long start = System.nanoTime();
        Counter full = Apps.load(app, "big");
        long fullMillis = (System.nanoTime() - start) / 1_000_000;
        long fullEvents = fetched.events();
        long fullQueries = fetched.queries();

        // and again once the snapshot that load triggered exists and 50 more events were appended
        assertThat(snapshots.snapshotter().awaitIdle(Duration.ofSeconds(30))).isTrue();
        assertThat(snapshots.metrics().taken()).isEqualTo(1);
        for (int sequence = events; sequence < events + 50; sequence++) {
            app.eventStore().publish(new GenericDomainEventMessage<>("Counter", "big", sequence,
                                                                     new Counter.Incremented("big", sequence)));
        }
        fetched.reset();
        start = System.nanoTime();
        Counter fromSnapshot = Apps.load(app, "big");
        long withSnapshotMillis = (System.nanoTime() - start) / 1_000_000;
        long withSnapshotEvents = fetched.events();
        long withSnapshotQueries = fetched.queries();

        // Then the full load read all 10,000 events, the snapshot load only the 50 after it
        assertThat(fullEvents).isEqualTo(events);
        assertThat(withSnapshotEvents).isEqualTo(50);
        assertThat(full.total()).isEqualTo(Apps.triangle(events - 1));
        assertThat(fromSnapshot.total()).isEqualTo(Apps.triangle(events + 49));
        assertThat(database.getCollection("snapshots").find().first().getLong("sequenceNumber"))
                .isEqualTo(events - 1);
        System.out.printf("LOAD-TIME events=%d without-snapshot: %d events read, %d queries, %d ms; "
                                  + "with-snapshot: %d events read, %d queries, %d ms%n",
                          events, fullEvents, fullQueries, fullMillis, withSnapshotEvents, withSnapshotQueries,
                          withSnapshotMillis);
    }
}
