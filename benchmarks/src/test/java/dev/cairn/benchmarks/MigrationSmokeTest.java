package dev.cairn.benchmarks;

import dev.cairn.benchmarks.report.Report;
import dev.cairn.benchmarks.report.ResultRow;
import dev.cairn.benchmarks.run.Harness;
import dev.cairn.benchmarks.scenario.ScenarioRegistry;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code migration} scenario runs end to end on the smoke settings (400 events, a delta of 200): a rate for the
 * migration and the raw copy (consecutive and interleaved aggregates), and a delta time whose note says the result verified.
 */
class MigrationSmokeTest {

    @Test
    void migrationScenarioMeasuresTheMigrationTheRawCopyAndTheDelta() throws Exception {
        // Given the smoke settings
        ByteArrayOutputStream progress = new ByteArrayOutputStream();
        Harness harness = new Harness(ScenarioRegistry.builtIn(), RunSettings.smoke(),
                                      new PrintStream(progress, true, StandardCharsets.UTF_8));

        // When the migration scenario runs
        Report report = harness.run(List.of("migration"), "smoke");

        // Then it completed with both rows, and the migrated store verified
        assertThat(report.scenarios()).singleElement().satisfies(run -> assertThat(run.error()).isNull());
        assertThat(report.rows()).hasSize(3);
        for (ResultRow rate : report.rows().subList(0, 2)) {
            assertThat(rate.cairn()).isPositive();
            assertThat(rate.raw()).isPositive();
        }
        assertThat(report.rows().get(2).cairn()).isPositive();
        assertThat(report.rows().get(2).note()).contains("verified: true");
    }
}
