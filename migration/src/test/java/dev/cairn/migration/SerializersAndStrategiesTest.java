package dev.cairn.migration;

import com.example.migration.LedgerEvents;
import com.example.migration.xml.Noted;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import com.thoughtworks.xstream.XStream;
import dev.cairn.eventstore.mongo.AllowedTypes;
import dev.cairn.eventstore.mongo.MongoEventStorageEngine;
import dev.cairn.migration.support.MigrationFixture;
import dev.cairn.mongo.embedded.junit.EmbeddedMongoExtension;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.extensions.mongo.DefaultMongoTemplate;
import org.axonframework.extensions.mongo.eventsourcing.eventstore.documentpercommit.DocumentPerCommitStorageStrategy;
import org.axonframework.messaging.MetaData;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.json.JacksonSerializer;
import org.axonframework.serialization.xml.XStreamSerializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The extension's default serializer (XStream, XML payloads kept as text and read back by the application's
 * XStream serializer on Cairn), its document-per-commit strategy (a source commit becomes one Cairn commit), and
 * snapshots left behind on request.
 */
@ExtendWith(EmbeddedMongoExtension.class)
class SerializersAndStrategiesTest {

    private MongoDatabase source;
    private MongoDatabase target;
    private MongoClient client;

    @BeforeEach
    void setUp(MongoClient client) {
        this.client = client;
        MigrationFixture fixture = new MigrationFixture(client, "serializers");
        source = fixture.source();
        target = fixture.target();
    }

    @Test
    void xstreamPayloadsAreReadBackThroughTheApplicationsXStreamSerializer() {
        // given an axon-mongo store written with XStream (the extension's default), with a snapshot
        Serializer xstream = xstream();
        EventStorageEngine legacy = axonMongo(xstream, false);
        appendCommits(legacy, 3, 10, 1, true);
        legacy.storeSnapshot(new GenericDomainEventMessage<>("Ledger", "x-1", 9,
                                                             new Noted("x-1", new BigDecimal("99.90"), "summary")));

        // when migrated
        AxonMongoMigration migration = AxonMongoMigration.builder().sourceDatabase(source).targetDatabase(target)
                                                         .build();
        MigrationReport report = migration.run();

        // then it verifies, and Cairn's engine with the application's XStream serializer reads every event, its
        // metadata and the snapshot as the extension did
        assertThat(report.copiedEvents()).isEqualTo(30);
        assertThat(migration.verify().matches()).isTrue();
        MongoEventStorageEngine cairn = cairn(xstream);
        for (String id : List.of("x-0", "x-1", "x-2")) {
            assertThat(payloadsAndMetaData(cairn, id)).isEqualTo(payloadsAndMetaData(legacy, id)).hasSize(10);
        }
        assertThat(cairn.readSnapshot("x-1")).get().extracting(DomainEventMessage::getPayload)
                                             .isEqualTo(new Noted("x-1", new BigDecimal("99.90"), "summary"));

        // and the next event is appended at the next sequence number and read with the migrated ones
        cairn.appendEvents(new GenericDomainEventMessage<>("Ledger", "x-0", 10,
                                                           new Noted("x-0", BigDecimal.ONE, "after")));
        assertThat(cairn.readEvents("x-0").asStream().map(DomainEventMessage::getSequenceNumber).toList())
                .containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L);
    }

    @Test
    void documentPerCommitBecomesOneCairnCommitPerSourceCommitAndSnapshotsCanBeLeftBehind() {
        // given an axon-mongo store with the document-per-commit strategy: commits of 3 events, and a snapshot
        Serializer jackson = JacksonSerializer.defaultSerializer();
        EventStorageEngine legacy = axonMongo(jackson, true);
        appendCommits(legacy, 2, 9, 3, false);
        legacy.storeSnapshot(new GenericDomainEventMessage<>("Ledger", "x-0", 8,
                                                             new LedgerEvents.Booked("x-0", BigDecimal.TEN, "sum")));
        long sourceCommits = source.getCollection("domainevents").countDocuments();

        // when migrated with the per-commit strategy, skipping snapshots
        AxonMongoMigration migration = AxonMongoMigration.builder().sourceDatabase(source).targetDatabase(target)
                                                         .strategy(SourceStrategy.DOCUMENT_PER_COMMIT)
                                                         .skipSnapshots(true).build();
        MigrationReport report = migration.run();

        // then every event is there, one Cairn commit per source commit, no snapshot, and it verifies
        assertThat(sourceCommits).isEqualTo(6);
        assertThat(report.copiedEvents()).isEqualTo(18);
        assertThat(report.snapshots()).isZero();
        assertThat(target.getCollection("events").countDocuments()).isEqualTo(sourceCommits);
        assertThat(target.getCollection("snapshots").countDocuments()).isZero();
        assertThat(migration.verify().matches()).isTrue();
        MongoEventStorageEngine cairn = cairn(JacksonSerializer.defaultSerializer());
        for (String id : List.of("x-0", "x-1")) {
            assertThat(payloadsAndMetaData(cairn, id)).isEqualTo(payloadsAndMetaData(legacy, id)).hasSize(9);
        }
    }

    private static Serializer xstream() {
        XStream xStream = new XStream();
        xStream.allowTypesByWildcard(new String[]{"com.example.**", "org.axonframework.**"});
        return XStreamSerializer.builder().xStream(xStream).build();
    }

    private EventStorageEngine axonMongo(Serializer serializer, boolean perCommit) {
        var builder = org.axonframework.extensions.mongo.eventsourcing.eventstore.MongoEventStorageEngine
                .builder()
                .mongoTemplate(DefaultMongoTemplate.builder().mongoDatabase(client, source.getName()).build())
                .eventSerializer(serializer).snapshotSerializer(serializer);
        if (perCommit) {
            builder.storageStrategy(new DocumentPerCommitStorageStrategy());
        }
        return builder.build();
    }

    private MongoEventStorageEngine cairn(Serializer serializer) {
        return MongoEventStorageEngine.builder().database(target).eventSerializer(serializer)
                                      .snapshotSerializer(serializer)
                                      .allowedTypes(AllowedTypes.cairnDefaults()
                                                                .withPackages(List.of("com.example.migration")))
                                      .build();
    }

    /** Appends {@code events} events to each of {@code aggregates} aggregates, {@code perCommit} per append. */
    private static void appendCommits(EventStorageEngine engine, int aggregates, int events, int perCommit,
                                      boolean xml) {
        for (int first = 0; first < events; first += perCommit) {
            for (int a = 0; a < aggregates; a++) {
                List<EventMessage<?>> commit = new ArrayList<>();
                for (int seq = first; seq < Math.min(events, first + perCommit); seq++) {
                    BigDecimal amount = new BigDecimal(seq + ".50");
                    // XStream rebuilds plain classes, not records; Jackson both
                    Object payload = xml ? new Noted("x-" + a, amount, "n" + seq)
                            : new LedgerEvents.Booked("x-" + a, amount, "n" + seq);
                    commit.add(new GenericDomainEventMessage<>("Ledger", "x-" + a, seq, payload,
                                                               MetaData.with("tenant", "t-" + a)));
                }
                engine.appendEvents(commit);
            }
        }
    }

    private static List<String> payloadsAndMetaData(EventStorageEngine engine, String id) {
        return engine.readEvents(id).asStream().map(e -> e.getSequenceNumber() + " " + e.getPayload() + " "
                + e.getMetaData()).toList();
    }
}
