package com.example.ledger;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A projection test's output holds no logging of the MongoDB driver or the embedded server: run in a JVM of its own,
 * so that no other test has created the driver's loggers first.
 */
class ProjectionFixtureLogsTest {

    @Test
    void aProjectionFixtureRunPrintsNoDriverOrServerInfoLines() throws Exception {
        // Given a projection test in a JVM of its own, logging with slf4j-simple at INFO
        Path output = Files.createTempFile("cairn-projection-fixture", ".log");
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                                       "-Dorg.slf4j.simpleLogger.defaultLogLevel=info",
                                       "-cp", System.getProperty("java.class.path"),
                                       QuietProjectionFixtureMain.class.getName());

        // When it runs, standard output and error captured together
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile())
                                                     .start();
        boolean exited = process.waitFor(1, TimeUnit.MINUTES);
        String log = Files.readString(output, StandardCharsets.UTF_8);
        Files.delete(output);

        // Then it passed, and printed no line of the driver or the server, at INFO or otherwise
        if (!exited) {
            process.destroyForcibly();
        }
        assertThat(exited).as("the JVM exited; its output:%n%s", log).isTrue();
        assertThat(process.exitValue()).as(log).isZero();
        assertThat(log).contains(QuietProjectionFixtureMain.DONE)
                       .doesNotContain("org.mongodb.driver")
                       .doesNotContain("de.bwaldvogel");
        assertThat(log.lines().filter(line -> line.contains(" INFO ") && !line.contains(" INFO dev.cairn.")))
                .as(log).isEmpty();
    }
}
