package dev.cairn.snapshots;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import dev.cairn.eventstore.mongo.MongoEventStorageEngine;
import dev.cairn.mongo.embedded.junit.EmbeddedMongoExtension;
import dev.cairn.snapshots.support.Apps;
import com.example.snapshots.Counter;
import org.axonframework.config.Configuration;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A snapshot written by an older class revision, or one that no longer deserializes, is ignored: the aggregate loads
 * from its events and is snapshotted again at its next threshold.
 */
@ExtendWith(EmbeddedMongoExtension.class)
class RevisionAndCorruptionTest {

    private final List<Configuration> apps = new ArrayList<>();

    @AfterEach
    void shutDown() {
        apps.forEach(Configuration::shutdown);
    }

    @Test
    void snapshotOfAnOlderRevisionIsIgnoredAndReplaced(MongoDatabase database) throws Exception {
        // Given a counter snapshotted at revision "2" after 11 events
        CairnSnapshots first = snapshots(database);
        Configuration app = start(first, database);
        Apps.writeCounter(app, "counter-1", 10);
        assertThat(first.snapshotter().awaitIdle(Duration.ofSeconds(10))).isTrue();
        app.shutdown();
        // and that snapshot rewritten as revision "1" of the class with a state no replay gives
        MongoCollection<Document> stored = database.getCollection("snapshots");
        long oldSequence = stored.find(Filters.eq("_id", "counter-1")).first().getLong("sequenceNumber");
        stored.updateOne(Filters.eq("_id", "counter-1"),
                         Updates.combine(Updates.set("payloadRevision", "1"), Updates.set("payload.total", 999_999L)));

        // When the application restarts with the class at revision "2" and the counter is loaded
        CairnSnapshots restarted = snapshots(database);
        Configuration again = start(restarted, database);
        SnapshotTypeStats stats = restarted.housekeeping().stats(Counter.class);

        // Then the outdated snapshot is ignored: the state comes from the events
        assertThat(stats.outdated()).isEqualTo(1);
        assertThat(stats.currentRevision()).isEqualTo("2");
        assertThat(Apps.load(again, "counter-1").total()).isEqualTo(Apps.triangle(10));
        // and the next threshold replaces it with a snapshot of the current revision
        Apps.increment(again, "counter-1", 11, 10);
        assertThat(restarted.snapshotter().awaitIdle(Duration.ofSeconds(10))).isTrue();
        Document replaced = stored.find(Filters.eq("_id", "counter-1")).first();
        assertThat(replaced.getString("payloadRevision")).isEqualTo("2");
        assertThat(replaced.getLong("sequenceNumber")).isGreaterThan(oldSequence);
        long sequence = replaced.getLong("sequenceNumber");
        assertThat(((Number) ((Document) replaced.get("payload")).get("total")).longValue()).isEqualTo(Apps.triangle(sequence));
        assertThat(restarted.housekeeping().stats(Counter.class).outdated()).isZero();
    }

    @Test
    void snapshotThatCannotBeDeserializedIsIgnored(MongoDatabase database) throws Exception {
        // Given a counter whose snapshot payload no longer fits the class
        CairnSnapshots first = snapshots(database);
        Configuration app = start(first, database);
        Apps.writeCounter(app, "counter-1", 10);
        assertThat(first.snapshotter().awaitIdle(Duration.ofSeconds(10))).isTrue();
        MongoCollection<Document> stored = database.getCollection("snapshots");
        stored.updateOne(Filters.eq("_id", "counter-1"),
                         Updates.set("payload.total", new Document("unexpected", "shape")));

        // When commands load it again
        Apps.increment(app, "counter-1", 11, 10);

        // Then they succeed with the state from the events, and a readable snapshot replaces the broken one
        assertThat(Apps.load(app, "counter-1").total()).isEqualTo(Apps.triangle(20));
        assertThat(first.metrics().ignored()).isPositive();
        assertThat(first.snapshotter().awaitIdle(Duration.ofSeconds(10))).isTrue();
        Document replaced = stored.find(Filters.eq("_id", "counter-1")).first();
        long sequence = replaced.getLong("sequenceNumber");
        assertThat(((Number) ((Document) replaced.get("payload")).get("total")).longValue()).isEqualTo(Apps.triangle(sequence));
    }

    @Test
    void housekeepingCountsSnapshotsTakesOneNowAndPurges(MongoDatabase database) throws Exception {
        // Given three counters written by a node without snapshots, one with an outdated snapshot
        Configuration writer = Apps.withoutSnapshots(database);
        apps.add(writer);
        Apps.writeCounter(writer, "a", 12);
        Apps.writeCounter(writer, "b", 4);
        Apps.writeCounter(writer, "c", 20);
        CairnSnapshots snapshots = snapshots(database);
        Configuration app = start(snapshots, database);
        SnapshotHousekeeping housekeeping = snapshots.housekeeping();
        assertThat(housekeeping.snapshotNow(Counter.class, "c")).isEqualTo(SnapshotOutcome.TAKEN);
        database.getCollection("snapshots").updateOne(Filters.eq("_id", "c"), Updates.set("payloadRevision", "1"));

        // When all counters past the threshold of 10 are snapshotted
        int taken = housekeeping.snapshotAllPastThreshold(Counter.class);

        // Then a (13 events) and c (21 events, outdated snapshot at the same sequence is kept by the engine) qualify
        assertThat(taken).isEqualTo(2);
        SnapshotTypeStats stats = housekeeping.stats(Counter.class);
        assertThat(stats.count()).isEqualTo(2);
        assertThat(stats.outdated()).isEqualTo(1);
        assertThat(stats.oldest()).isNotNull().isBeforeOrEqualTo(stats.newest());
        assertThat(housekeeping.snapshotNow(Counter.class, "a")).isEqualTo(SnapshotOutcome.NOT_NEEDED);

        // When outdated snapshots are purged, then only c's goes; the current one can then be taken
        assertThat(housekeeping.purgeOutdated(Counter.class)).isEqualTo(1);
        assertThat(housekeeping.snapshotAllPastThreshold(Counter.class)).isEqualTo(1);
        assertThat(housekeeping.stats(Counter.class).count()).isEqualTo(2);
        // and purging the type removes them all
        assertThat(housekeeping.purge(Counter.class)).isEqualTo(2);
        assertThat(housekeeping.stats(Counter.class).count()).isZero();
        assertThat(housekeeping.stats(Counter.class).oldest()).isNull();
        assertThat(Apps.load(app, "c").total()).isEqualTo(Apps.triangle(20));
    }

    private CairnSnapshots snapshots(MongoDatabase database) {
        return CairnSnapshots.builder().database(database).threshold(Counter.class, 10).build();
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
}
