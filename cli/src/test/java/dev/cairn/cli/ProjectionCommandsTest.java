package dev.cairn.cli;

import com.example.bank.BankHistory;
import com.example.cli.Balances;
import com.example.cli.BankCli;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoDatabase;
import dev.cairn.cli.support.CliRun;
import dev.cairn.cli.support.Projections;
import dev.cairn.mongo.embedded.junit.EmbeddedMongoExtension;
import dev.cairn.mongo.embedded.junit.MongoTarget;
import dev.cairn.projections.ProjectionControl;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The projection commands run in-process against the embedded server (or CAIRN_MONGO_URI): tables, JSON schemas,
 * exit codes.
 */
@ExtendWith(EmbeddedMongoExtension.class)
class ProjectionCommandsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void statusShowsEveryProjectionAsATableAndAsJson(MongoTarget mongo, MongoDatabase database) throws Exception {
        // Given a history the balances projection has processed
        BankHistory.write(database, "account-", 5, 3, 2);
        Projections.catchUp(database);
        long head = Projections.head(database);

        // When the status is asked for, as a table and as JSON
        CliRun table = run(mongo, database, new BankCli(), "projections", "status");
        CliRun json = run(mongo, database, new BankCli(), "projections", "status", "--json");

        // Then the table has the header and the projection's row, caught up at the head
        assertThat(table.exitCode()).as(table.toString()).isZero();
        List<String> lines = table.out().lines().toList();
        assertThat(lines.get(0)).startsWith("PROJECTION").contains("STATE", "VERSION", "POSITION", "HEAD", "LAG",
                                                                   "OLDEST", "DEAD LETTERS", "REBUILD");
        assertThat(lines.get(1).split("\\s{2,}")).containsExactly("balances", "STOPPED", "1", String.valueOf(head),
                                                                  String.valueOf(head), "0", "0s", "0", "-");
        // and the JSON has the documented schema
        assertThat(json.exitCode()).as(json.toString()).isZero();
        JsonNode projection = JSON.readTree(json.out()).get("projections").get(0);
        assertThat(fieldNames(projection)).containsExactly("name", "state", "version", "position", "head", "lag",
                                                          "caughtUp", "oldestUnprocessedAgeMillis", "deadLetters",
                                                          "lastError", "rebuild", "segments");
        assertThat(projection.get("name").asText()).isEqualTo("balances");
        assertThat(projection.get("position").asLong()).isEqualTo(head);
        assertThat(projection.get("caughtUp").asBoolean()).isTrue();
        assertThat(projection.get("rebuild").isNull()).isTrue();
        assertThat(fieldNames(projection.get("segments").get(0)))
                .containsExactly("segment", "position", "owner", "claimExpiresAt", "replaying", "replayTarget");
    }

    @Test
    void statusOfOneProjectionListsItsSegments(MongoTarget mongo, MongoDatabase database) throws Exception {
        // Given a processed history
        BankHistory.write(database, "account-", 3, 2, 3);
        Projections.catchUp(database);

        // When
        CliRun run = run(mongo, database, null, "projections", "status", "balances");

        // Then storage alone is enough, and the segments table follows the projection's row
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("SEGMENT  POSITION  OWNER  CLAIM EXPIRES (UTC)  REPLAYING");
        assertThat(run.out().lines().filter(line -> line.matches("^[01]\\s+\\d+\\s+-\\s+-\\s+no$"))).hasSize(2);
    }

    @Test
    void watchRepeatsTheStatusAsJsonLines(MongoTarget mongo, MongoDatabase database) throws Exception {
        // Given a projection known from its tokens
        storedTokens(database);

        // When the status is watched for three reports
        CliRun run = run(mongo, database, null, "projections", "status", "--watch", "--interval", "0.05", "--times",
                         "3", "--json");

        // Then each report is one JSON document on its own line
        assertThat(run.exitCode()).as(run.toString()).isZero();
        List<String> lines = run.out().lines().toList();
        assertThat(lines).hasSize(3);
        for (String line : lines) {
            assertThat(JSON.readTree(line).get("projections").get(0).get("name").asText()).isEqualTo("balances");
        }
    }

    @Test
    void anUnknownProjectionIsAUsageErrorListingTheKnownOnes(MongoTarget mongo, MongoDatabase database) {
        // Given an application with the balances projection
        // When
        CliRun run = run(mongo, database, new BankCli(), "projections", "status", "balanse");

        // Then
        assertThat(run.exitCode()).isEqualTo(CairnCli.USAGE);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).isEqualTo("cairn: Unknown projection [balanse]; known: [balances]\n");
    }

    @Test
    void listNamesRegisteredAndStoredProjections(MongoTarget mongo, MongoDatabase database) throws Exception {
        // Given a projection that ran, and one only storage knows (an application that no longer registers it)
        BankHistory.write(database, "account-", 2, 1, 2);
        Projections.catchUp(database);
        dev.cairn.processing.MongoTokenStore.builder().database(database).build()
                .initializeTokenSegments("retired", 1);

        // When
        CliRun table = run(mongo, database, new BankCli(), "projections", "list");
        CliRun json = run(mongo, database, null, "projections", "list", "--json");

        // Then
        assertThat(table.exitCode()).as(table.toString()).isZero();
        assertThat(table.out().lines().map(line -> List.of(line.split("\\s{2,}"))).toList()).containsExactly(
                List.of("PROJECTION", "VERSION", "STATE", "HANDLERS", "STORED"),
                List.of("balances", "1", "STOPPED", "yes", "yes"),
                List.of("retired", "1", "STOPPED", "no", "yes"));
        JsonNode first = JSON.readTree(json.out()).get("projections").get(0);
        assertThat(fieldNames(first)).containsExactly("name", "version", "state", "handlers", "stored");
        assertThat(first.get("handlers").asBoolean()).isFalse();
    }

    @Test
    void pauseAndResumeGoThroughTheControlDocument(MongoTarget mongo, MongoDatabase database) throws Exception {
        // Given a projection known from its stored tokens
        storedTokens(database);
        ProjectionControl control = new ProjectionControl(database);

        // When paused
        CliRun pause = run(mongo, database, null, "projections", "pause", "balances", "--json");

        // Then every node sees it, and the status says so
        assertThat(pause.exitCode()).as(pause.toString()).isZero();
        assertThat(JSON.readTree(pause.out())).isEqualTo(JSON.readTree("{\"projection\":\"balances\",\"paused\":true}"));
        assertThat(control.paused("balances")).isTrue();
        assertThat(run(mongo, database, null, "projections", "status", "balances", "--json").out())
                .contains("\"state\" : \"PAUSED\"");

        // When resumed
        CliRun resume = run(mongo, database, null, "projections", "resume", "balances");

        // Then
        assertThat(resume.out()).isEqualTo("Resumed projection [balances]: its nodes continue from its tokens.\n");
        assertThat(control.paused("balances")).isFalse();
    }

    @Test
    void commandsThatNeedHandlersNameTheMissingProvider(MongoTarget mongo, MongoDatabase database) throws Exception {
        // Given a projection known from storage only
        storedTokens(database);

        // When
        CliRun run = run(mongo, database, null, "projections", "rebuild", "balances");

        // Then
        assertThat(run.exitCode()).isEqualTo(CairnCli.USAGE);
        assertThat(run.err()).startsWith("cairn: Projection [balances] needs its handlers, and no CliApplication")
                             .contains("META-INF/services/dev.cairn.cli.CliApplication").doesNotContain("\tat ");
        assertThat(run.err().lines()).hasSize(1);
    }

    @Test
    void usageErrorsAreOneLine(MongoTarget mongo, MongoDatabase database) {
        // When
        CliRun unknownOption = run(mongo, database, null, "projections", "status", "--wach");
        CliRun missingName = run(mongo, database, null, "projections", "rebuild");
        CliRun missingCommand = run(mongo, database, null, "projections");
        CliRun badBatch = run(mongo, database, new BankCli(), "projections", "rebuild", "balances", "--batch-size",
                              "0");

        // Then
        for (CliRun run : List.of(unknownOption, missingName, missingCommand, badBatch)) {
            assertThat(run.exitCode()).as(run.toString()).isEqualTo(CairnCli.USAGE);
            assertThat(run.err().lines()).as(run.toString()).hasSize(1);
            assertThat(run.out()).isEmpty();
        }
        assertThat(unknownOption.err())
                .isEqualTo("cairn: Unknown option: '--wach' (see 'cairn projections status --help')\n");
        assertThat(missingName.err()).isEqualTo(
                "cairn: Missing required parameter: 'NAME' (see 'cairn projections rebuild --help')\n");
        assertThat(missingCommand.err()).startsWith("cairn: Missing command: choose one of [list, status, rebuild");
        assertThat(badBatch.err()).isEqualTo("cairn: --batch-size must be positive, not 0\n");
    }

    @Test
    void globalOptionsWorkBeforeAndAfterTheCommand(MongoTarget mongo, MongoDatabase database) throws Exception {
        // Given
        storedTokens(database);

        // When
        CliRun before = CliRun.run(null, Map.of(), "--mongo-uri", mongo.connectionString(), "--database",
                                   database.getName(), "--json", "projections", "list");
        CliRun after = CliRun.run(null, Map.of(), "projections", "list", "--json", "--mongo-uri",
                                  mongo.connectionString(), "--database", database.getName());
        CliRun fromEnvironment = CliRun.run(null, Map.of("CAIRN_MONGO_URI", mongo.connectionString()),
                                            "projections", "list", "--json", "--database", database.getName());

        // Then
        assertThat(before.exitCode()).as(before.toString()).isZero();
        assertThat(before.out()).contains("\"name\" : \"balances\"").isEqualTo(after.out())
                                .isEqualTo(fromEnvironment.out());
    }

    static CliRun run(MongoTarget mongo, MongoDatabase database, CliApplication app, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--mongo-uri", mongo.connectionString(), "--database", database.getName()));
        return CliRun.run(app, Map.of(), all.toArray(String[]::new));
    }

    /** Stores the tokens of the balances projection, as if it had run without seeing an event. */
    static void storedTokens(MongoDatabase database) {
        dev.cairn.processing.MongoTokenStore.builder().database(database).build()
                                             .initializeTokenSegments(Balances.NAME, 2);
    }

    static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
