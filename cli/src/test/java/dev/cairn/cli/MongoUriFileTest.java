package dev.cairn.cli;

import com.mongodb.client.MongoDatabase;
import dev.cairn.cli.support.CliRun;
import dev.cairn.mongo.embedded.junit.EmbeddedMongoExtension;
import dev.cairn.mongo.embedded.junit.MongoTarget;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Passwords off the command line: the connection string from {@code --mongo-uri-file} (a mounted secret) or from
 * {@code CAIRN_MONGO_URI}, never echoed.
 */
@ExtendWith(EmbeddedMongoExtension.class)
class MongoUriFileTest {

    private static final String PASSWORD = "f1le-s3cr3t";

    @Test
    void theConnectionStringIsReadFromTheFirstLineOfTheFile(MongoTarget mongo, MongoDatabase database,
                                                             @TempDir Path dir) throws Exception {
        // Given a file holding the connection string, with blank lines around it
        Path file = dir.resolve("mongo-uri");
        Files.writeString(file, "\n  " + mongo.connectionString() + "  \n");

        // When
        CliRun run = CliRun.run(null, Map.of(), "events", "stats", "--json", "--mongo-uri-file", file.toString(),
                                "--database", database.getName());

        // Then it connected to that server
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("\"events\"");
    }

    @Test
    void thePasswordOfAFileNeverAppears(@TempDir Path dir) throws Exception {
        // Given a file naming a server nobody listens on, with a password
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Path file = dir.resolve("mongo-uri");
        Files.writeString(file, "mongodb://operator:" + PASSWORD + "@127.0.0.1:" + port + "/shop?authSource=admin\n");

        // When
        CliRun run = CliRun.run(null, Map.of(), "indexes", "check", "--mongo-uri-file", file.toString());

        // Then it failed on the server, naming its host, never its password
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(CairnCli.FAILURE);
        assertThat(run.err()).startsWith("cairn: Cannot reach MongoDB at [127.0.0.1:" + port + "]");
        assertThat(run.all()).doesNotContain(PASSWORD);
    }

    @Test
    void aMissingOrEmptyFileOrTwoSourcesAreUsageErrorsNamingTheCulprit(@TempDir Path dir) throws Exception {
        // Given
        Path missing = dir.resolve("nothing-here");
        Path empty = Files.writeString(dir.resolve("empty"), "\n\n");

        // When
        CliRun missingRun = CliRun.run(null, Map.of(), "indexes", "check", "--mongo-uri-file", missing.toString());
        CliRun emptyRun = CliRun.run(null, Map.of(), "indexes", "check", "--mongo-uri-file", empty.toString());
        CliRun both = CliRun.run(null, Map.of(), "indexes", "check", "--mongo-uri-file", empty.toString(),
                                 "--mongo-uri", "mongodb://db1:27017");

        // Then
        assertThat(missingRun.exitCode()).isEqualTo(CairnCli.USAGE);
        assertThat(missingRun.err()).isEqualTo("cairn: Cannot read --mongo-uri-file [" + missing + "]: no such file\n");
        assertThat(emptyRun.exitCode()).isEqualTo(CairnCli.USAGE);
        assertThat(emptyRun.err()).isEqualTo("cairn: --mongo-uri-file [" + empty + "] is empty: its first line should "
                                                     + "be the connection string\n");
        assertThat(both.exitCode()).isEqualTo(CairnCli.USAGE);
        assertThat(both.err()).isEqualTo("cairn: Give either --mongo-uri or --mongo-uri-file, not both\n");
    }

    @Test
    void theEnvironmentVariableIsUsedWhenNoOptionNamesAServer(MongoTarget mongo, MongoDatabase database) {
        // When
        CliRun run = CliRun.run(null, Map.of("CAIRN_MONGO_URI", mongo.connectionString()), "events", "stats",
                                "--json", "--database", database.getName());

        // Then
        assertThat(run.exitCode()).as(run.toString()).isZero();
    }
}
