package dev.cairn.benchmarks;

import dev.cairn.benchmarks.report.Report;
import dev.cairn.benchmarks.report.ResultRow;
import dev.cairn.benchmarks.run.Harness;
import dev.cairn.benchmarks.scenario.ScenarioRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The correctness scenarios on a tiny workload: Cairn's counts of what must never happen are zero, so a regression in
 * the engine fails the build. The incumbent's figures are reported by the scenarios, never asserted here.
 */
class CorrectnessSmokeTest {

    static final List<String> CORRECTNESS = ScenarioRegistry.CORRECTNESS;

    @ParameterizedTest
    @FieldSource("CORRECTNESS")
    void cairnNeverLosesDuplicatesOrHalfWrites(String scenario) {
        // Given the smoke workload
        Harness harness = new Harness(ScenarioRegistry.builtIn(), RunSettings.smoke(),
                                      new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));

        // When the scenario runs
        Report report = harness.run(List.of(scenario), "smoke");

        // Then it completed, did some work, and Cairn's must-never counts are zero
        assertThat(report.scenarios()).singleElement().satisfies(run -> assertThat(run.error()).isNull());
        List<ResultRow> mustNever = report.rows().stream().filter(row -> !row.targets().isEmpty()).toList();
        List<ResultRow> volume = report.rows().stream().filter(row -> row.targets().isEmpty()).toList();
        assertThat(mustNever).isNotEmpty();
        assertThat(volume).isNotEmpty();
        assertThat(volume.get(0).cairn()).as(volume.get(0).metric()).isPositive();
        for (ResultRow row : mustNever) {
            assertThat(row.cairn()).as(row.metric()).isZero();
            assertThat(row.axonMongo()).as(row.metric()).isNotNull();
        }
    }

    @Test
    void theGroupNameStandsForTheFourScenarios() {
        assertThat(ScenarioRegistry.builtIn().expand(List.of("stream", "correctness")))
                .containsExactly("stream", "slow-writer", "rejected-commit", "snapshot-race", "connection-cuts");
    }
}
