package dev.cairn.migration;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import dev.cairn.migration.support.SourceApplication;
import dev.cairn.migration.support.TargetApplication;
import dev.cairn.migration.support.MigrationFixture;
import dev.cairn.mongo.embedded.junit.EmbeddedMongoExtension;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.serialization.json.JacksonSerializer;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An application on axon-mongo 4.12 with Jackson writes ledgers; the migration moves them; the same application on
 * Cairn loads every ledger to the same state and appends the next event at the next sequence number.
 * <p>
 * Scaled down from the 20,000 events of 200 aggregates (snapshot every 100 events) to 2,000 events of 40
 * aggregates with a snapshot every 20 events of an aggregate, to keep the test within a few seconds on the embedded
 * server.
 */
@ExtendWith(EmbeddedMongoExtension.class)
class EventsMigrationTest {

    private static final int LEDGERS = 40;
    private static final int EVENTS = 2_000;

    private MongoDatabase source;
    private MongoDatabase target;
    private MongoClient client;

    @BeforeEach
    void setUp(MongoClient client) {
        this.client = client;
        MigrationFixture fixture = new MigrationFixture(client, "events");
        source = fixture.source();
        target = fixture.target();
    }

    @Test
    void everyAggregateLoadsToTheSameStateAndContinuesAtTheNextSequenceNumber() {
        // given an axon-mongo application with 2,000 events of 40 ledgers and snapshots, serialized with Jackson
        List<String> ids;
        Map<String, String> before = new HashMap<>();
        try (SourceApplication legacy = new SourceApplication(client, source.getName(),
                                                              JacksonSerializer.defaultSerializer(), 20)) {
            ids = legacy.write("ledger", LEDGERS, EVENTS, 42);
            ids.forEach(id -> before.put(id, legacy.state(id)));
        }
        assertThat(source.getCollection("snapshotevents").countDocuments()).isGreaterThan(0);

        // when it is migrated
        List<MigrationProgress> progress = new java.util.ArrayList<>();
        AxonMongoMigration migration = AxonMongoMigration.builder().sourceDatabase(source).targetDatabase(target)
                                                         .batchSize(250).progressListener(progress::add).build();
        MigrationReport report = migration.run();

        // then every event was copied once, with the latest snapshot of every ledger that had one
        assertThat(report.copiedEvents()).isEqualTo(EVENTS);
        assertThat(report.firstGlobalIndex()).isEqualTo(1);
        assertThat(report.lastGlobalIndex()).isEqualTo(EVENTS);
        assertThat(report.snapshots()).isEqualTo(
                source.getCollection("snapshotevents").distinct("aggregateIdentifier", String.class)
                      .into(new java.util.ArrayList<>()).size());
        assertThat(progress).isNotEmpty().last().extracting(MigrationProgress::done).isEqualTo((long) EVENTS);
        assertThat(migration.verify().differences()).isEmpty();
        assertThat(migration.verify().matches()).isTrue();

        try (TargetApplication cairn = new TargetApplication(target)) {
            // and Cairn loads every ledger to the same state
            for (String id : ids) {
                assertThat(cairn.state(id)).as(id).isEqualTo(before.get(id));
            }
            // and the stream is in the source's order: timestamps never go back
            List<? extends TrackedEventMessage<?>> stream = cairn.engine().readEvents(null, false).toList();
            assertThat(stream).hasSize(EVENTS);
            Instant previous = Instant.MIN;
            for (TrackedEventMessage<?> event : stream) {
                assertThat(event.getTimestamp()).isAfterOrEqualTo(previous);
                previous = event.getTimestamp();
            }
            // and the next event of a ledger gets the next sequence number
            String id = ids.get(7);
            long last = cairn.engine().lastSequenceNumberFor(id).orElseThrow();
            cairn.book(id, new BigDecimal("0.10"), "after the move");
            assertThat(cairn.engine().lastSequenceNumberFor(id)).contains(last + 1);
            assertThat(cairn.state(id)).endsWith("after the move]");
        }
    }

    @Test
    void aPayloadChangedAfterTheMigrationIsTheFirstDifferenceVerifyNames() {
        // given a migrated store
        try (SourceApplication legacy = new SourceApplication(client, source.getName(),
                                                              JacksonSerializer.defaultSerializer(), 1000)) {
            legacy.write("ledger", 3, 12, 7);
        }
        AxonMongoMigration migration = AxonMongoMigration.builder().sourceDatabase(source).targetDatabase(target)
                                                         .build();
        migration.run();
        Document victim = source.getCollection("domainevents").find(new Document("aggregateIdentifier", "ledger-1")
                                                                             .append("sequenceNumber", 0L)).first();

        // when one source payload changes afterwards (12.50 becomes 12.5 is a change too)
        source.getCollection("domainevents").updateOne(new Document("_id", victim.get("_id")),
                                                       new Document("$set", new Document("serializedPayload",
                                                                                         "{\"ledgerId\":\"ledger-1\",\"owner\":\"someone else\"}")));
        Verification verification = migration.verify();

        // then verification names the aggregate, the event and the part
        assertThat(verification.matches()).isFalse();
        assertThat(verification.firstDifference()).contains("ledger-1", victim.getString("eventIdentifier"),
                                                            "payload");
    }

    @Test
    void aSourceWithoutTheExtensionsFieldsIsNamedWithTheMissingField() {
        // given a collection named like the extension's, holding something else
        source.getCollection("domainevents").insertOne(new Document("aggregateIdentifier", "a").append("type", "X"));

        // when it is migrated
        AxonMongoMigration migration = AxonMongoMigration.builder().sourceDatabase(source).targetDatabase(target)
                                                         .build();

        // then it is refused naming collection and field, and nothing is written
        org.assertj.core.api.Assertions.assertThatThrownBy(migration::run)
                                       .isInstanceOf(NotAnAxonMongoStoreException.class)
                                       .hasMessageContaining("[domainevents]")
                                       .hasMessageContaining("[eventIdentifier]");
        assertThat(target.listCollectionNames().into(new java.util.ArrayList<>())).isEmpty();
    }

    @Test
    void aTargetHoldingAnApplicationsEventsIsRefused() {
        // given a source, and a target where a Cairn application already stored an event
        try (SourceApplication legacy = new SourceApplication(client, source.getName(),
                                                              JacksonSerializer.defaultSerializer(), 1000)) {
            legacy.write("ledger", 2, 4, 3);
        }
        try (TargetApplication cairn = new TargetApplication(target)) {
            cairn.engine().appendEvents(new org.axonframework.eventhandling.GenericDomainEventMessage<>(
                    "Ledger", "other", 0, new com.example.migration.LedgerEvents.Opened("other", "x")));
        }

        // when it is migrated, then it is refused and the target keeps only its own event
        AxonMongoMigration migration = AxonMongoMigration.builder().sourceDatabase(source).targetDatabase(target)
                                                         .build();
        org.assertj.core.api.Assertions.assertThatThrownBy(migration::run)
                                       .isInstanceOf(MigrationRefusedException.class)
                                       .hasMessageContaining("did not write");
        assertThat(target.getCollection("events").countDocuments()).isEqualTo(1);
    }

    @Test
    void aSecondRunCopiesOnlyTheNewEventsAndAnEarlierTimestampIsNoObstacle() {
        // given a migrated store
        List<String> ids;
        try (SourceApplication legacy = new SourceApplication(client, source.getName(),
                                                              JacksonSerializer.defaultSerializer(), 1000)) {
            ids = legacy.write("ledger", 5, 50, 11);
        }
        AxonMongoMigration migration = AxonMongoMigration.builder().sourceDatabase(source).targetDatabase(target)
                                                         .build();
        migration.run();

        // when new events reach the source, one of them committed late with an earlier timestamp than everything
        Map<String, String> before;
        try (SourceApplication legacy = new SourceApplication(client, source.getName(),
                                                              JacksonSerializer.defaultSerializer(), 1000)) {
            legacy.book(ids, 20, 12);
            before = ids.stream().collect(Collectors.toMap(id -> id, legacy::state));
        }
        source.getCollection("domainevents").updateOne(
                new Document("aggregateIdentifier", "ledger-0").append("sequenceNumber",
                                                                      lastSequence(source, "ledger-0")),
                new Document("$set", new Document("timestamp", "2001-01-01T00:00:00.000Z")));
        MigrationReport delta = migration.run();

        // then only the 20 new events are copied, above the earlier ones, and everything verifies
        assertThat(delta.copiedEvents()).isEqualTo(20);
        assertThat(delta.alreadyCopied()).isEqualTo(50);
        assertThat(delta.firstGlobalIndex()).isEqualTo(51);
        assertThat(migration.verify().matches()).isTrue();
        try (TargetApplication cairn = new TargetApplication(target)) {
            ids.forEach(id -> assertThat(cairn.state(id)).isEqualTo(before.get(id)));
        }
    }

    private static long lastSequence(MongoDatabase database, String aggregate) {
        return database.getCollection("domainevents").find(new Document("aggregateIdentifier", aggregate))
                       .sort(new Document("sequenceNumber", -1)).first().getLong("sequenceNumber");
    }
}
