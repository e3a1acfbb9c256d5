package dev.cairn.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoDatabase;
import dev.cairn.cli.support.CliRun;
import dev.cairn.cli.support.Projections;
import com.example.cli.Balances;
import com.example.cli.BankCli;
import com.example.bank.BankHistory;
import dev.cairn.mongo.embedded.junit.EmbeddedMongoExtension;
import dev.cairn.mongo.embedded.junit.MongoTarget;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;

import static dev.cairn.cli.ProjectionCommandsTest.fieldNames;
import static dev.cairn.cli.ProjectionCommandsTest.run;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Dead letters (list, retry, evict) and the event store (stats, tail), in-process.
 */
@ExtendWith(EmbeddedMongoExtension.class)
class DeadLetterAndEventCommandsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @AfterEach
    void healTheHandler() {
        Balances.poisoned = true;
    }

    @Test
    void deadLettersAreListedRetriedAndEvicted(MongoTarget mongo, MongoDatabase database) throws Exception {
        // Given two poisoned accounts whose deposits were dead-lettered
        BankHistory.write(database, "account-", 2, 2, 3);
        BankHistory.write(database, "poison-", 2, 2, 3);
        Projections.catchUp(database);

        // When they are listed
        CliRun table = run(mongo, database, null, "dead-letters", "list", "balances");
        CliRun json = run(mongo, database, null, "dead-letters", "list", "balances", "--json");

        // Then each letter shows its sequence (the aggregate), event, payload type and cause
        assertThat(table.exitCode()).as(table.toString()).isZero();
        assertThat(table.out().lines().findFirst().orElseThrow())
                .isEqualTo("SEQUENCE  EVENT                                 PAYLOAD TYPE    ENQUEUED (UTC)       CAUSE");
        assertThat(table.out()).contains("poison-0", "poison-1", "MoneyDeposited",
                                         "java.lang.IllegalStateException: Cannot book a deposit into poison-0");
        JsonNode document = JSON.readTree(json.out());
        assertThat(fieldNames(document)).containsExactly("projection", "deadLetters");
        List<JsonNode> letters = new ArrayList<>();
        document.get("deadLetters").forEach(letters::add);
        assertThat(letters).hasSize(4);
        assertThat(fieldNames(letters.get(0))).containsExactly("sequence", "eventIdentifier", "sequenceNumber",
                                                               "payloadType", "cause", "enqueuedAt", "lastTouched");

        // When one letter is evicted by its event identifier
        String evictedEvent = letters.get(0).get("eventIdentifier").asText();
        CliRun evict = run(mongo, database, null, "dead-letters", "evict", "balances", evictedEvent, "--json");

        // Then
        assertThat(evict.exitCode()).as(evict.toString()).isZero();
        assertThat(JSON.readTree(evict.out()).get("remainingLetters").asLong()).isEqualTo(3);

        // When the handler is fixed and the oldest sequence retried, then every sequence
        Balances.poisoned = false;
        CliRun retryOne = CliRun.run(new BankCli(), java.util.Map.of("CAIRN_CLI_STACK_TRACES", "1"), "dead-letters", "retry", "balances", "--json", "--mongo-uri", mongo.connectionString(), "--database", database.getName());
        CliRun retryAll = run(mongo, database, new BankCli(), "dead-letters", "retry", "balances", "--all");

        // Then
        assertThat(retryOne.exitCode()).as(retryOne.toString()).isZero();
        assertThat(JSON.readTree(retryOne.out()).get("processed").asInt()).isEqualTo(1);
        assertThat(retryAll.exitCode()).as(retryAll.toString()).isZero();
        assertThat(retryAll.out()).endsWith("0 letter(s) remain.\n");
        assertThat(run(mongo, database, null, "dead-letters", "list", "balances").out())
                .isEqualTo("Projection [balances] has no dead letters.\n");
    }

    @Test
    void evictingAnEventWithoutALetterIsAUsageError(MongoTarget mongo, MongoDatabase database) throws Exception {
        // Given
        ProjectionCommandsTest.storedTokens(database);

        // When
        CliRun run = run(mongo, database, null, "dead-letters", "evict", "balances", "no-such-event");
        CliRun neither = run(mongo, database, null, "dead-letters", "evict", "balances");

        // Then
        assertThat(run.exitCode()).isEqualTo(CairnCli.USAGE);
        assertThat(run.err()).isEqualTo("cairn: Projection [balances] has no dead letter for event(s) [no-such-event]; "
                                                + "'cairn dead-letters list balances' shows its letters\n");
        assertThat(neither.exitCode()).isEqualTo(CairnCli.USAGE);
        assertThat(neither.err().lines()).hasSize(1);
    }

    @Test
    void eventStatsCountEventsCommitsAndRecentRates(MongoTarget mongo, MongoDatabase database) throws Exception {
        // Given 4 accounts of 1 + 5 events in commits of up to 4: 8 commits, 24 events, just stored
        BankHistory.write(database, "account-", 4, 5, 4);

        // When
        CliRun json = run(mongo, database, null, "events", "stats", "--json");
        CliRun table = run(mongo, database, null, "events", "stats");

        // Then
        assertThat(json.exitCode()).as(json.toString()).isZero();
        JsonNode stats = JSON.readTree(json.out());
        assertThat(fieldNames(stats)).containsExactly("events", "commits", "head", "lastCommitAt", "windowSeconds",
                                                      "recentCommits", "recentEvents", "commitsPerSecond",
                                                      "eventsPerSecond");
        assertThat(stats.get("events").asLong()).isEqualTo(24);
        assertThat(stats.get("commits").asLong()).isEqualTo(8);
        assertThat(stats.get("head").asLong()).isEqualTo(Projections.head(database));
        assertThat(stats.get("recentEvents").asLong()).isEqualTo(24);
        assertThat(stats.get("eventsPerSecond").asDouble()).isEqualTo(0.4);
        assertThat(table.out()).containsPattern("(?m)^events +24$").containsPattern("(?m)^commits +8$")
                               .containsPattern("(?m)^events/s, last 60s +0\\.40$");
    }

    @Test
    void tailFollowsNewEvents(MongoTarget mongo, MongoDatabase database) throws Exception {
        // Given a stored history, and a tail following it from the next position
        BankHistory.write(database, "account-", 1, 1, 2);
        long next = Projections.head(database) + 1;
        java.util.concurrent.CompletableFuture<CliRun> tail = java.util.concurrent.CompletableFuture.supplyAsync(
                () -> run(mongo, database, null, "events", "tail", "-f", "--from", String.valueOf(next), "--json",
                          "--limit", "3"));

        // When three events are stored later
        Thread.sleep(500);
        BankHistory.write(database, "late-", 1, 2, 3);

        // Then the tail prints them as they come, and stops after the limit
        CliRun run = tail.get(20, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(run.exitCode()).as(run.toString()).isZero();
        List<Long> positions = new ArrayList<>();
        for (String line : run.out().lines().toList()) {
            positions.add(JSON.readTree(line).get("position").asLong());
        }
        assertThat(positions).containsExactly(next, next + 1, next + 2);
    }

    @Test
    void tailPrintsTheLatestEventsOrThoseFromAPosition(MongoTarget mongo, MongoDatabase database) throws Exception {
        // Given 12 events
        BankHistory.write(database, "account-", 2, 5, 3);
        long head = Projections.head(database);

        // When
        CliRun latest = run(mongo, database, null, "events", "tail", "-n", "3");
        CliRun from = run(mongo, database, null, "events", "tail", "--from", String.valueOf(head - 1), "--json");

        // Then the latest three, oldest first, after the header
        assertThat(latest.exitCode()).as(latest.toString()).isZero();
        List<String> lines = latest.out().lines().toList();
        assertThat(lines).hasSize(4);
        assertThat(lines.get(0)).startsWith("POSITION");
        assertThat(lines.subList(1, 4)).extracting(line -> Long.parseLong(line.split("\\s+")[0]))
                                       .containsExactly(head - 2, head - 1, head);
        // and JSON Lines from a position, with the payload as stored
        List<JsonNode> events = new ArrayList<>();
        for (String line : from.out().lines().toList()) {
            events.add(JSON.readTree(line));
        }
        assertThat(events).hasSize(2);
        assertThat(fieldNames(events.get(1))).containsExactly("position", "timestamp", "aggregateType",
                                                              "aggregateIdentifier", "sequenceNumber", "payloadType",
                                                              "payloadRevision", "eventIdentifier", "payload");
        assertThat(events.get(1).get("position").asLong()).isEqualTo(head);
        assertThat(events.get(1).get("payloadType").asText()).isEqualTo("com.example.bank.Bank$MoneyDeposited");
        assertThat(events.get(1).get("payload").get("amount").asLong()).isEqualTo(5);
    }
}
