package dev.cairn.cli;

import com.example.bank.BankHistory;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoDatabase;
import dev.cairn.cli.support.CliRun;
import dev.cairn.cli.support.Projections;
import dev.cairn.mongo.embedded.junit.EmbeddedMongoExtension;
import dev.cairn.mongo.embedded.junit.MongoTarget;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code cairn relay status}: the relays and inboxes of a database, read from storage only, as a table and as JSON.
 */
@ExtendWith(EmbeddedMongoExtension.class)
class RelayCommandsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void statusShowsEachRelaysLagAndLastErrorAndEachInboxsPositionsAndParkedRecords(MongoTarget mongo,
                                                                                  MongoDatabase database)
            throws Exception {
        // Given a history, a relay that never published it and last failed on its broker, and an inbox that did 42
        // records of partition 0 and parked one
        BankHistory.write(database, "account-", 3, 2, 2);
        long head = Projections.head(database);
        database.getCollection("cairn_relays").insertOne(
                new Document("_id", "bank").append("processor", "relay-bank").append("topics", List.of("bank.deposits"))
                                           .append("lastError", "TimeoutException: broker unreachable")
                                           .append("lastErrorAt", new Date()));
        database.getCollection("cairn_inboxes").insertOne(new Document("_id", "payments").append("topic", "payments"));
        database.getCollection("cairn_inbox_positions").insertOne(
                new Document("_id", "payments/payments/0").append("inbox", "payments").append("topic", "payments")
                                                          .append("partition", 0).append("offset", 41L));
        database.getCollection("cairn_inbox_parked").insertOne(
                new Document("inbox", "payments").append("key", "account-1").append("partition", 0)
                                                 .append("offset", 7L).append("error", "failed 3 times"));

        // When the status is asked for, as a table and as JSON
        CliRun table = run(mongo, database, "relay", "status");
        CliRun json = run(mongo, database, "relay", "status", "--json");

        // Then the table shows the relay lagging the whole history with its error, and the inbox
        assertThat(table.exitCode()).as(table.toString()).isZero();
        List<String> lines = table.out().lines().toList();
        assertThat(lines.get(0)).startsWith("RELAY").contains("STATE", "TOPICS", "POSITION", "HEAD", "LAG", "OLDEST",
                                                              "DEAD LETTERS", "LAST ERROR");
        assertThat(lines.get(1).split("\\s{2,}")).startsWith("bank", "STOPPED", "bank.deposits")
                                                 .contains(String.valueOf(head), "TimeoutException: broker unreachable");
        assertThat(table.out()).contains("INBOX").containsPattern("payments\\s+payments\\s+0:41\\s+1\\s+-");
        // and the JSON has the documented schema
        assertThat(json.exitCode()).as(json.toString()).isZero();
        JsonNode document = JSON.readTree(json.out());
        JsonNode relay = document.get("relays").get(0);
        assertThat(fieldNames(relay)).containsExactly("name", "processor", "topics", "state", "position", "head",
                                                     "lag", "lagMillis", "caughtUp", "deadLetters", "lastError",
                                                     "lastErrorAt");
        assertThat(relay.get("lag").asLong()).isEqualTo(head - relay.get("position").asLong()).isPositive();
        assertThat(relay.get("caughtUp").asBoolean()).isFalse();
        JsonNode inbox = document.get("inboxes").get(0);
        assertThat(fieldNames(inbox)).containsExactly("name", "topic", "positions", "parked", "lastError",
                                                     "lastErrorAt");
        assertThat(inbox.get("positions").get("0").asLong()).isEqualTo(41);
        assertThat(inbox.get("parked").asLong()).isEqualTo(1);
    }

    @Test
    void statusSaysSoWhenNoRelayEverStarted(MongoTarget mongo, MongoDatabase database) {
        // Given an empty database
        // When
        CliRun run = run(mongo, database, "relay", "status");

        // Then
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("No relays: none has started on this database.");
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static CliRun run(MongoTarget mongo, MongoDatabase database, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--mongo-uri", mongo.connectionString(), "--database", database.getName()));
        return CliRun.run(null, Map.of(), all.toArray(String[]::new));
    }
}
