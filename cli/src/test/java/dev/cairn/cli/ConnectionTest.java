package dev.cairn.cli;

import com.mongodb.client.MongoClient;
import dev.cairn.cli.support.CliRun;
import com.example.bank.BankHistory;
import dev.cairn.mongo.embedded.EmbeddedMongo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Connecting: the URI from the option or the environment, the embedded server's data folder, fast failure on an
 * unreachable server, and passwords that appear nowhere.
 */
class ConnectionTest {

    private static final String PASSWORD = "s3cr3t-Pa55";

    @Test
    void anUnreachableServerFailsWithinSecondsWithoutThePassword() throws Exception {
        // Given a port nothing listens on
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        String uri = "mongodb://operator:" + PASSWORD + "@127.0.0.1:" + port + "/shop?authSource=admin";

        // When
        long started = System.nanoTime();
        CliRun run = CliRun.run(null, Map.of(), "projections", "status", "--mongo-uri", uri);
        long seconds = (System.nanoTime() - started) / 1_000_000_000;

        // Then
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(CairnCli.FAILURE);
        assertThat(seconds).isLessThan(10);
        assertThat(run.err()).isEqualTo("cairn: Cannot reach MongoDB at [127.0.0.1:" + port + "] within 5 s "
                                                + "(database [shop]): check that the server is running and "
                                                + "reachable, and the hosts and ports of the connection string\n");
        assertThat(run.all()).doesNotContain(PASSWORD);
    }

    @Test
    void aBadUriIsAUsageErrorThatNamesTheProblemWithoutThePassword() {
        // Given URIs the driver refuses, one from the option and one from the environment
        String badOption = "mongodb://operator:" + PASSWORD + "@db1:27017/?connectTimeoutMS=soon";
        String badEnvironment = "mongodb://operator:" + PASSWORD + "@db1:notaport";

        // When
        CliRun option = CliRun.run(null, Map.of(), "events", "stats", "--mongo-uri", badOption);
        CliRun environment = CliRun.run(null, Map.of("CAIRN_MONGO_URI", badEnvironment), "events", "stats");

        // Then
        for (CliRun run : List.of(option, environment)) {
            assertThat(run.exitCode()).as(run.toString()).isEqualTo(CairnCli.USAGE);
            assertThat(run.err()).startsWith("cairn: Invalid --mongo-uri [mongodb://operator:****@db1:")
                                 .doesNotContain(PASSWORD);
            assertThat(run.err().lines()).hasSize(1);
            assertThat(run.out()).isEmpty();
        }
    }

    @Test
    void aUriEchoedInAUsageErrorIsMasked() {
        // When a misspelt option makes picocli echo the URI that follows it
        CliRun run = CliRun.run(null, Map.of(), "events", "stats", "--mongo-url",
                                "mongodb://operator:" + PASSWORD + "@db1:27017");

        // Then
        assertThat(run.exitCode()).isEqualTo(CairnCli.USAGE);
        assertThat(run.err()).contains("mongodb://operator:****@db1:27017").doesNotContain(PASSWORD);
    }

    @Test
    void noMongoDbNamedIsAUsageError() {
        // When
        CliRun run = CliRun.run(null, Map.of(), "projections", "list");

        // Then
        assertThat(run.exitCode()).isEqualTo(CairnCli.USAGE);
        assertThat(run.err()).isEqualTo("cairn: No MongoDB named: pass --mongo-uri URI (or set CAIRN_MONGO_URI), or "
                                                + "--data DIR for the embedded server's data folder\n");
    }

    @Test
    void theDataFolderOpensTheEmbeddedServersFile(@TempDir Path folder) {
        // Given events stored by an embedded server on DIR/cairn.mv, which then stopped
        try (EmbeddedMongo server = EmbeddedMongo.startPersistent(folder.resolve("cairn.mv"));
             MongoClient client = server.newClient()) {
            BankHistory.write(client.getDatabase("cairn"), "account-", 3, 4, 5);
        }

        // When
        CliRun stats = CliRun.run(null, Map.of(), "events", "stats", "--json", "--data", folder.toString());
        CliRun missing = CliRun.run(null, Map.of(), "events", "stats", "--data", folder.resolve("nope").toString());

        // Then
        assertThat(stats.exitCode()).as(stats.toString()).isZero();
        assertThat(stats.out()).contains("\"events\" : 15", "\"commits\" : 3");
        assertThat(missing.exitCode()).isEqualTo(CairnCli.USAGE);
        assertThat(missing.err()).isEqualTo("cairn: No Cairn data in --data [" + folder.resolve("nope")
                                                    + "]: expected the embedded server's file ["
                                                    + folder.resolve("nope").resolve("cairn.mv") + "]\n");
    }
}
