package dev.cairn.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoDatabase;
import dev.cairn.cli.support.Launcher;
import dev.cairn.cli.support.Projections;
import com.example.cli.Balances;
import com.example.bank.BankHistory;
import dev.cairn.mongo.embedded.junit.EmbeddedMongoExtension;
import dev.cairn.mongo.embedded.junit.MongoTarget;
import dev.cairn.projections.ProjectionMonitor;
import dev.cairn.projections.ProjectionStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The standalone launcher as a real separate process, finding the test application through {@code ServiceLoader}
 * and reaching this JVM's embedded server (or CAIRN_MONGO_URI's MongoDB) through its URI.
 */
@ExtendWith(EmbeddedMongoExtension.class)
class LauncherProcessTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration EXIT = Duration.ofSeconds(60);

    @Test
    void exitCodesUsageErrorsAndJson(MongoTarget mongo, MongoDatabase database) throws Exception {
        // Given a processed history
        BankHistory.write(database, "account-", 3, 3, 2);
        Projections.catchUp(database);

        // When
        Launcher json = Launcher.start(connection(mongo, database, "projections", "list", "--json"));
        Launcher unknown = Launcher.start(connection(mongo, database, "projections", "status", "balanse"));
        Launcher badOption = Launcher.start("projections", "rebuild", "balances", "--blue-gren");

        // Then the application was found through the ServiceLoader, and usage errors are one line on stderr
        assertThat(json.exitCode(EXIT)).as(json.toString()).isZero();
        JsonNode projection = JSON.readTree(json.out()).get("projections").get(0);
        assertThat(projection.get("name").asText()).isEqualTo("balances");
        assertThat(projection.get("handlers").asBoolean()).isTrue();
        assertThat(unknown.exitCode(EXIT)).isEqualTo(CairnCli.USAGE);
        assertThat(unknown.err()).isEqualTo("cairn: Unknown projection [balanse]; known: [balances]\n");
        assertThat(unknown.out()).isEmpty();
        assertThat(badOption.exitCode(EXIT)).isEqualTo(CairnCli.USAGE);
        assertThat(badOption.err()).isEqualTo("cairn: Unknown option: '--blue-gren' (see 'cairn projections rebuild "
                                                      + "--help')\n");
    }

    @Test
    void anUnreachableServerFailsFastAndThePasswordAppearsNowhere() throws Exception {
        // Given a port nothing listens on, and a password in the URI (option) and in the environment's URI
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        String password = "pr0cess-S3cret";

        // When
        long started = System.nanoTime();
        Launcher run = Launcher.start("projections", "status", "--mongo-uri",
                                      "mongodb://ops:" + password + "@127.0.0.1:" + port + "/");
        int exitCode = run.exitCode(EXIT);

        // Then
        assertThat(exitCode).as(run.toString()).isEqualTo(CairnCli.FAILURE);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(15));
        assertThat(run.err()).startsWith("cairn: Cannot reach MongoDB at [127.0.0.1:" + port + "] within 5 s");
        assertThat(run.out() + run.err()).doesNotContain(password);
    }

    @Test
    void aRebuildInterruptedByCtrlCIsResumableAndTheNextOneCompletes(MongoTarget mongo, MongoDatabase database)
            throws Exception {
        // Given a processed history, the rebuild of which takes a few seconds in small batches
        BankHistory history = BankHistory.write(database, "account-", 30, 99, 10);
        Projections.catchUp(database);

        // When a rebuild runs as its own process, not on a terminal, and gets SIGINT midway
        Launcher first = Launcher.start(connection(mongo, database, "projections", "rebuild", "balances",
                                                   "--batch-size", "10", "--progress-interval", "0.2"));
        assertThat(first.awaitErr("rebuild balances: ", Duration.ofSeconds(30))).as(first.toString()).isTrue();
        Thread.sleep(600);
        first.interrupt();
        int interrupted = first.exitCode(EXIT);

        // Then it printed plain progress lines, said it stays resumable, and storage agrees it is not complete
        assertThat(interrupted).as(first.toString()).isNotZero();
        List<String> progress = first.err().lines().filter(line -> line.startsWith("rebuild balances: ")).toList();
        assertThat(progress).as(first.toString()).hasSizeGreaterThanOrEqualTo(2);
        assertThat(progress.get(0)).matches("rebuild balances: [\\d,]+/3,000 events \\(\\d+%\\), [\\d,]+ events/s, "
                                                    + "ETA \\S+( \\S+)? \\[IN_PLACE v1 REPLAYING]");
        assertThat(first.err()).contains("cairn: interrupted: the rebuild of projection [balances] is not complete");
        assertThat(first.out()).doesNotContain("Rebuilt");
        ProjectionStatus afterInterrupt = ProjectionMonitor.on(database).status(Balances.NAME);
        assertThat(afterInterrupt.rebuild()).as(afterInterrupt.toString()).isNotNull();
        assertThat(afterInterrupt.rebuild().done()).isLessThan(afterInterrupt.rebuild().total());

        // When the rebuild is run again
        Launcher second = Launcher.start(connection(mongo, database, "projections", "rebuild", "balances", "--json"));

        // Then it resumes where the first one stopped, completes, and the read model is right
        assertThat(second.exitCode(EXIT)).as(second.toString()).isZero();
        JsonNode outcome = JSON.readTree(second.out());
        assertThat(outcome.get("outcome").asText()).isEqualTo("COMPLETE");
        assertThat(outcome.get("resumedFrom").asLong()).isPositive();
        assertThat(Projections.balances(database, Balances.ACCOUNTS)).isEqualTo(history.balances());
        assertThat(ProjectionMonitor.on(database).status(Balances.NAME).rebuild()).isNull();
    }

    static String[] connection(MongoTarget mongo, MongoDatabase database, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--mongo-uri", mongo.connectionString(), "--database", database.getName()));
        return all.toArray(String[]::new);
    }
}
