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
 * The {@code relay} scenario runs end to end on the smoke settings (200 stored deposits, 20 commands) against the
 * in-process Kafka broker: a throughput beside the raw producer's, and the latency percentiles in order.
 */
class RelaySmokeTest {

    @Test
    void relayScenarioMeasuresThroughputBesideTheRawProducerAndTheLatencyPercentiles() throws Exception {
        // Given the smoke settings
        ByteArrayOutputStream progress = new ByteArrayOutputStream();
        Harness harness = new Harness(ScenarioRegistry.builtIn(), RunSettings.smoke(),
                                      new PrintStream(progress, true, StandardCharsets.UTF_8));

        // When the relay scenario runs
        Report report = harness.run(List.of("relay"), "smoke");

        // Then it completed with a throughput row against the raw producer and two latency rows, p50 <= p99
        assertThat(report.scenarios()).singleElement().satisfies(run -> assertThat(run.error()).isNull());
        assertThat(report.rows()).hasSize(3);
        ResultRow throughput = report.rows().get(0);
        assertThat(throughput.cairn()).isPositive();
        assertThat(throughput.raw()).isPositive();
        assertThat(report.rows().get(1).metric()).contains("p50");
        assertThat(report.rows().get(1).cairn()).isPositive()
                                                 .isLessThanOrEqualTo(report.rows().get(2).cairn());
        assertThat(progress.toString(StandardCharsets.UTF_8)).contains("relay:", "raw producer:");
    }
}
