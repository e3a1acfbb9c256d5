package dev.cairn.aggregates;

import com.mongodb.client.MongoDatabase;
import com.example.aggregates.testdomain.CommandLog;
import com.example.aggregates.testdomain.Order;
import dev.cairn.mongo.embedded.junit.EmbeddedMongoExtension;
import org.axonframework.common.AxonConfigurationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Starting and stopping as a user sees it: a wrong address fails fast with one readable message, a normal start is
 * quiet and says what it connected to, and after {@code close()} nothing of Cairn or the embedded server keeps the JVM
 * alive.
 */
@ExtendWith(EmbeddedMongoExtension.class)
class StartAndExitTest {

    @Test
    void anUnreachableServerFailsStartUpWithinTheTimeoutNamingTheHostButNotThePassword() throws IOException {
        // Given a port nothing listens on
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        String uri = "mongodb://alice:s3cret@127.0.0.1:" + port + "/?serverSelectionTimeoutMS=30000";

        // When / Then
        long started = System.nanoTime();
        assertThatThrownBy(() -> Cairn.builder().mongo(uri, "shop").aggregate(Order.class)
                                      .startupTimeout(Duration.ofSeconds(2)).start())
                .isInstanceOf(CairnStartupException.class)
                .hasMessageContaining("Cannot reach MongoDB at [127.0.0.1:" + port + "] within 2 s")
                .hasMessageContaining("database [shop]")
                .hasMessageNotContaining("s3cret");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void aMalformedConnectionStringIsRefusedWithoutEchoingThePassword() {
        assertThatThrownBy(() -> Cairn.builder().mongo("mongodb://alice:s3cret@db1:notaport/", "shop"))
                .isInstanceOf(AxonConfigurationException.class)
                .hasMessageContaining("Invalid MongoDB connection string")
                .hasMessageNotContaining("s3cret");
    }

    @Test
    void aReachableServerStartsAsBefore(MongoDatabase database) {
        try (CairnApplication app = Cairn.builder().database(database).aggregate(Order.class)
                                         .configure(c -> c.registerComponent(CommandLog.class, cfg -> new CommandLog()))
                                         .startupTimeout(Duration.ofSeconds(1)).start()) {
            assertThat(app.database().getName()).isEqualTo(database.getName());
        }
    }

    @Test
    void aNormalStartIsQuietAndTheJvmExitsRightAfterMainReturns() throws Exception {
        // Given a user's main in a JVM of its own, logging with slf4j-simple at INFO
        Path output = Files.createTempFile("cairn-main", ".log");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=info",
                "-cp", System.getProperty("java.class.path"),
                QuietStartMain.class.getName()));

        // When
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                                                     .redirectOutput(output.toFile()).start();
        long returnedAt = awaitLine(output, QuietStartMain.RETURNED, Duration.ofSeconds(60));
        boolean exited = process.waitFor(60, TimeUnit.SECONDS);
        long exitedAt = System.nanoTime();

        // Then the JVM ends within a few seconds of main returning: no thread of Cairn or the server holds it
        String log = Files.readString(output, StandardCharsets.UTF_8);
        assertThat(exited).as("the JVM exited; its output:%n%s", log).isTrue();
        assertThat(process.exitValue()).as(log).isZero();
        assertThat(Duration.ofNanos(exitedAt - returnedAt)).as(log).isLessThan(Duration.ofSeconds(5));
        // and the log holds Cairn's start-up line, without server chatter or banners
        assertThat(log).contains("Cairn started on MongoDB at [127.0.0.1:")
                       .contains("aggregates [Order]")
                       .doesNotContain("de.bwaldvogel")
                       .doesNotContain("not yet implemented")
                       .doesNotContain("AxonIQ Console")
                       .doesNotContain("org.mongodb.driver");
    }

    private static long awaitLine(Path output, String line, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.readString(output, StandardCharsets.UTF_8).contains(line)) {
                return System.nanoTime();
            }
            Thread.sleep(20);
        }
        throw new AssertionError("The application never printed [" + line + "]:\n"
                                         + Files.readString(output, StandardCharsets.UTF_8));
    }
}
