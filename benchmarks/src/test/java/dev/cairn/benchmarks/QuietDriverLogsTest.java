package dev.cairn.benchmarks;

import dev.cairn.benchmarks.scenario.ScenarioContext;
import org.bson.Document;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The benchmark jar's output holds its tables, not the driver's INFO lines: a scenario's server and client started in
 * a JVM of its own (so that no other test has created the driver's loggers first) print none.
 */
class QuietDriverLogsTest {

    static final String DONE = "scenario context pinged its server";

    /** The JVM under test: a scenario's context, as every benchmark scenario starts one. */
    public static void main(String[] args) {
        try (ScenarioContext context = ScenarioContext.start("quiet", RunSettings.smoke(), System.out)) {
            context.client().getDatabase("admin").runCommand(new Document("ping", 1));
            System.out.println(DONE);
        }
    }

    @Test
    void aScenarioPrintsNoDriverOrServerLogLines() throws Exception {
        // Given a JVM of its own, logging with slf4j-simple at INFO
        Path output = Files.createTempFile("cairn-benchmark-logs", ".log");
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                                       "-Dorg.slf4j.simpleLogger.defaultLogLevel=info",
                                       "-cp", System.getProperty("java.class.path"),
                                       QuietDriverLogsTest.class.getName());

        // When it starts a scenario's server and client and pings, standard output and error captured together
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile())
                                                     .start();
        boolean exited = process.waitFor(1, TimeUnit.MINUTES);
        if (!exited) {
            process.destroyForcibly();
        }
        String log = Files.readString(output, StandardCharsets.UTF_8);
        Files.delete(output);

        // Then it worked and printed no line of the driver or the server
        assertThat(exited).as("the JVM exited; its output:%n%s", log).isTrue();
        assertThat(process.exitValue()).as(log).isZero();
        assertThat(log).contains(DONE).doesNotContain("org.mongodb.driver").doesNotContain("de.bwaldvogel");
    }
}
