package dev.cairn.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import dev.cairn.cli.support.CliRun;
import dev.cairn.mongo.embedded.junit.EmbeddedMongoExtension;
import dev.cairn.mongo.embedded.junit.MongoTarget;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code cairn migrate from-axon-mongo} (ADR 82): copies a store in the Mongo extension's format (documents as the
 * extension writes them with Jackson), reports in text and JSON, verifies, continues with only new events, and exits
 * 1 on a verification difference or a target holding other events and 2 on a source that is no axon-mongo store.
 */
@ExtendWith(EmbeddedMongoExtension.class)
class MigrateFromAxonMongoCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private MongoDatabase source;
    private MongoDatabase target;
    private MongoTarget mongo;

    @BeforeEach
    void setUp(MongoTarget mongo, MongoClient client) {
        this.mongo = mongo;
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        source = client.getDatabase("axon_" + suffix);
        target = client.getDatabase("cairn_" + suffix);
    }

    @AfterEach
    void drop() {
        source.drop();
        target.drop();
    }

    @Test
    void copiesVerifiesAndCopiesOnlyNewEventsOnTheNextRun() throws Exception {
        // given an axon-mongo store with 3 aggregates of 4 events, and a snapshot
        insertEvents(0, 4);
        source.getCollection("snapshotevents").insertOne(event("a-0", 2, "com.example.Ledger",
                                                               "{\"ledgerId\":\"a-0\",\"balance\":37.50}"));

        // when migrated with verification, in JSON
        CliRun first = migrate("--verify", "--json");

        // then every event and the snapshot are copied and verified
        assertThat(first.exitCode()).as(first.toString()).isZero();
        JsonNode report = JSON.readTree(first.out());
        assertThat(report.get("copiedEvents").asLong()).isEqualTo(12);
        assertThat(report.get("snapshots").asLong()).isEqualTo(1);
        assertThat(report.get("verification").get("matches").asBoolean()).isTrue();
        assertThat(target.getCollection("events").countDocuments()).isEqualTo(12);

        // when two events per aggregate are added and it runs again
        insertEvents(4, 2);
        CliRun second = migrate("--verify");

        // then only those are copied, above the earlier ones
        assertThat(second.exitCode()).as(second.toString()).isZero();
        assertThat(second.out()).contains("Copied 6 of 18 source events (12 already copied) to global indexes 13..18")
                                .contains("Verified: 3 aggregates, 18 source events, 18 target events");
    }

    @Test
    void deadlinesThatCannotMoveAreListedInTextAndJson() throws Exception {
        // given an axon-mongo store whose application kept a deadline in a JobRunr job store of the same database
        insertEvents(0, 1);
        source.getCollection("jobrunr_jobs").insertOne(new Document("_id", "job-42").append("state", "SCHEDULED"));

        // when migrated, in text and in JSON
        CliRun text = migrate();
        CliRun json = migrate("--json");

        // then the deadline is listed for the operator in both
        assertThat(text.exitCode()).as(text.toString()).isZero();
        assertThat(text.out()).contains("Deadline not moved: jobrunr_jobs _id=", "job-42", "0 sagas");
        JsonNode report = JSON.readTree(json.out());
        assertThat(report.get("deadlinesNotMoved").get(0).asText()).contains("job-42");
        assertThat(report.get("deadLetters").asLong()).isZero();
    }

    @Test
    void sagasAndDeadLettersAreReadFromTheCollectionsTheOptionsName() throws Exception {
        // given a saga and a dead letter in renamed collections, and a letter the default collection name would
        // find that is not one (so a run reading the default collection fails)
        insertEvents(0, 1);
        source.getCollection("legacy_sagas").insertOne(
                new Document("sagaType", "com.example.BillingSaga").append("sagaIdentifier", "saga-1")
                                                                    .append("serializedSaga",
                                                                            "{\"orderId\":\"a-0\"}".getBytes(UTF_8))
                                                                    .append("associations", List.of(
                                                                            new Document("key", "orderId")
                                                                                    .append("value", "a-0"))));
        Document message = event("a-0", 0, "com.example.Booked", "{\"amount\":12.50}")
                .append("messageType", "GenericDomainEventMessage").append("tokenType", null).append("token", null);
        source.getCollection("legacy_letters").insertOne(
                new Document("processingGroup", "billing").append("sequenceIdentifier", "a-0").append("index", 0L)
                                                          .append("message", message)
                                                          .append("enqueuedAt", new Document("seconds", 1_700_000_000L)
                                                                  .append("nanoseconds", 0))
                                                          .append("lastTouched", new Document("seconds", 1_700_000_001L)
                                                                  .append("nanoseconds", 0))
                                                          .append("causeType", "java.lang.IllegalStateException")
                                                          .append("causeMessage", "billing is down")
                                                          .append("diagnostics", null));
        source.getCollection("deadletters").insertOne(new Document("processingGroup", "not a letter"));

        // when migrated naming the renamed collections
        CliRun run = migrate("--sagas-collection", "legacy_sagas", "--dead-letters-collection", "legacy_letters",
                             "--json");

        // then the saga and the letter moved, and the default collections were not read
        assertThat(run.exitCode()).as(run.toString()).isZero();
        JsonNode report = JSON.readTree(run.out());
        assertThat(report.get("sagas").asLong()).isEqualTo(1);
        assertThat(report.get("deadLetters").asLong()).isEqualTo(1);
        assertThat(target.getCollection("cairn_sagas").countDocuments()).isOne();
        assertThat(target.getCollection("cairn_dead_letters").countDocuments()).isOne();

        // and the help names both options with their defaults
        CliRun help = CliRun.run(null, Map.of(), "migrate", "from-axon-mongo", "--help");
        assertThat(help.out().replaceAll("\\s+", " "))
                .contains("--sagas-collection=NAME The source's saga store collection (default: sagas).",
                          "--dead-letters-collection=NAME The source's dead-letter queue collection (default: "
                                  + "deadletters).");
    }

    @Test
    void aVerificationDifferenceExitsOneNamingIt() {
        // given a migrated store whose source then changed one payload
        insertEvents(0, 3);
        assertThat(migrate().exitCode()).isZero();
        source.getCollection("domainevents").updateOne(new Document("aggregateIdentifier", "a-1")
                                                               .append("sequenceNumber", 2L),
                                                       new Document("$set", new Document("serializedPayload",
                                                                                         "{\"amount\":12.5}")));

        // when verified without copying
        CliRun run = migrate("--dry-run", "--verify");

        // then it exits 1 naming the aggregate, the event and the part
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
        assertThat(run.err()).contains("Verification failed: aggregate [a-1]: event [a-1-2] (sequence number 2) "
                                               + "differs in its payload");
    }

    @Test
    void aSourceThatIsNoAxonMongoStoreExitsTwoNamingCollectionAndField() {
        // given a domainevents collection without the extension's fields
        source.getCollection("domainevents").insertOne(new Document("aggregateIdentifier", "x").append("type", "T"));

        // when migrated
        CliRun run = migrate();

        // then usage error naming the collection and the missing field
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
        assertThat(run.err()).contains("[domainevents]").contains("field [eventIdentifier] is missing");
    }

    @Test
    void aTargetHoldingOtherEventsIsRefusedAndTheSourcePasswordIsNeverPrinted() {
        // given a target with a commit this migration did not write
        insertEvents(0, 1);
        target.getCollection("events").insertOne(new Document("_id", 1L).append("lastGlobalIndex", 1L)
                                                                         .append("events", List.of()));

        // when migrated
        CliRun run = migrate();

        // then refused with exit 1, nothing written
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
        assertThat(run.err()).contains("did not write").contains("nothing was written");
        assertThat(target.getCollection("events").countDocuments()).isEqualTo(1);

        // and a bad source URI with a password is a usage error that masks it
        CliRun bad = CliRun.run(null, Map.of(), "migrate", "from-axon-mongo", "--source-uri",
                                "mongodb://admin:s3cr3t-pw@host:notaport/", "--source-database", "x",
                                "--mongo-uri", mongo.connectionString(), "--database", target.getName());
        assertThat(bad.exitCode()).as(bad.toString()).isEqualTo(2);
        assertThat(bad.err()).contains("--source-uri");
        assertThat(bad.all()).doesNotContain("s3cr3t-pw");
    }

    private CliRun migrate(String... extra) {
        List<String> args = new ArrayList<>(List.of("migrate", "from-axon-mongo",
                                                    "--source-uri", mongo.connectionString(),
                                                    "--source-database", source.getName(),
                                                    "--mongo-uri", mongo.connectionString(),
                                                    "--database", target.getName(), "--progress", "none"));
        args.addAll(List.of(extra));
        return CliRun.run(null, Map.of(), args.toArray(String[]::new));
    }

    /** Events {@code from} to {@code from + count - 1} of aggregates a-0..a-2, as the extension stores them. */
    private void insertEvents(int from, int count) {
        List<Document> documents = new ArrayList<>();
        for (int sequence = from; sequence < from + count; sequence++) {
            for (int aggregate = 0; aggregate < 3; aggregate++) {
                documents.add(event("a-" + aggregate, sequence, "com.example.Booked",
                                    "{\"ledgerId\":\"a-" + aggregate + "\",\"amount\":12.50}"));
            }
        }
        source.getCollection("domainevents").insertMany(documents);
    }

    private static Document event(String aggregate, long sequence, String payloadType, String payload) {
        return new Document("aggregateIdentifier", aggregate).append("type", "Ledger")
                                                             .append("sequenceNumber", sequence)
                                                             .append("serializedPayload", payload)
                                                             .append("timestamp", Instant.ofEpochMilli(
                                                                     1_700_000_000_000L + sequence).toString())
                                                             .append("payloadType", payloadType)
                                                             .append("payloadRevision", null)
                                                             .append("serializedMetaData", "{\"traceId\":\"t\"}")
                                                             .append("eventIdentifier", aggregate + "-" + sequence);
    }
}
