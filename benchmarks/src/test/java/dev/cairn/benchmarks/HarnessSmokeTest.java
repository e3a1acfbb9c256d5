package dev.cairn.benchmarks;

import dev.cairn.benchmarks.run.Harness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.benchmarks.report.JsonReportWriter;
import dev.cairn.benchmarks.report.Report;
import dev.cairn.benchmarks.report.ResultRow;
import dev.cairn.benchmarks.report.TableFormatter;
import dev.cairn.benchmarks.scenario.ScenarioRegistry;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs one tiny scenario end to end on its own embedded server: proves the harness, the contenders and the report
 * work, not how fast anything is.
 */
class HarnessSmokeTest {

    @Test
    void appendScenarioReportsEveryColumnForEveryContender() throws Exception {
        // Given the smoke settings and the built-in scenarios
        ByteArrayOutputStream progress = new ByteArrayOutputStream();
        Harness harness = new Harness(ScenarioRegistry.builtIn(), RunSettings.smoke(),
                                      new PrintStream(progress, true, StandardCharsets.UTF_8));

        // When the append-1 scenario runs
        Report report = harness.run(List.of("append-1"), "smoke");

        // Then it completed and measured every contender
        assertThat(report.scenarios()).singleElement().satisfies(run -> assertThat(run.error()).isNull());
        assertThat(report.rows()).extracting(ResultRow::metric)
                                 .containsExactly("events/s (2 writers)", "server commands/event (2 writers)");
        for (ResultRow row : report.rows()) {
            assertThat(row.cairn()).as(row.metric()).isPositive();
            assertThat(row.raw()).as(row.metric()).isPositive();
            assertThat(row.axonMongo()).as(row.metric()).isPositive();
            assertThat(row.ratioVsRaw()).isEqualTo(row.cairn() / row.raw());
        }
        // and the raw driver sends exactly one insertOne per single-event commit, Cairn at most one insert per round
        assertThat(report.rows().get(1).raw()).isEqualTo(1.0);
        assertThat(report.rows().get(1).cairn()).isLessThanOrEqualTo(1.0);

        // and the table and the JSON both carry every column
        String table = TableFormatter.format(report);
        Report.COLUMNS.forEach(column -> assertThat(table).contains(column));
        assertThat(table).contains("CAVEAT");
        JsonNode json = new ObjectMapper().readTree(JsonReportWriter.toJson(report));
        assertThat(json.get("caveat").asText()).isEqualTo(Harness.CAVEAT);
        assertThat(json.get("rows")).hasSize(2);
        for (JsonNode row : json.get("rows")) {
            Report.COLUMNS.forEach(column -> assertThat(row.has(column)).as(column).isTrue());
        }
    }

    @Test
    void interleavedStreamAndLoadScenariosMeasureEveryContender() {
        // Given the smoke settings: 500 streamed events, aggregates of 10 and 50 events with a snapshot every 10
        Harness harness = new Harness(ScenarioRegistry.builtIn(), RunSettings.smoke(),
                                      new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));

        // When the stream and load scenarios run
        Report report = harness.run(List.of("stream", "load"), "smoke");

        // Then both completed and every contender streamed
        assertThat(report.scenarios()).allSatisfy(run -> assertThat(run.error()).as(run.name()).isNull());
        ResultRow streamed = row(report, "stream", "events/s");
        assertThat(List.of(streamed.cairn(), streamed.raw(), streamed.axonMongo())).allSatisfy(
                rate -> assertThat(rate).isPositive());
        // and every load with snapshots fetched the 9 events after the last snapshot, in every contender
        ResultRow fetched = row(report, "load", "events fetched");
        assertThat(List.of(fetched.cairn(), fetched.raw(), fetched.axonMongo())).containsOnly(9.0);
    }

    @Test
    void upcastStreamScenarioComparesOneUpcasterWithNoneOnTheSameDocuments() {
        // Given the smoke settings (500 streamed events, half of them stored in an old form)
        Harness harness = new Harness(ScenarioRegistry.builtIn(), RunSettings.smoke(),
                                      new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));

        // When the stream-upcast scenario runs (each read checks that the upcaster turned every old event)
        Report report = harness.run(List.of("stream-upcast"), "smoke");

        // Then it completed with both rates and their ratio
        assertThat(report.scenarios()).singleElement().satisfies(run -> assertThat(run.error()).isNull());
        double with = row(report, "stream-upcast", "events/s, one upcaster").cairn();
        double without = row(report, "stream-upcast", "events/s, no upcaster").cairn();
        assertThat(with).isPositive();
        assertThat(without).isPositive();
        assertThat(row(report, "stream-upcast", "with / without").cairn()).isEqualTo(with / without);
    }

    private static ResultRow row(Report report, String scenario, String metricPrefix) {
        return report.rows().stream()
                     .filter(row -> row.scenario().equals(scenario) && row.metric().startsWith(metricPrefix))
                     .findFirst().orElseThrow(() -> new AssertionError("No row " + scenario + " " + metricPrefix));
    }

    @Test
    void unknownScenarioIsRejectedByName() {
        // Given the built-in registry
        ScenarioRegistry registry = ScenarioRegistry.builtIn();

        // When / Then an unknown name is rejected, naming it and the known ones
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> registry.create("apend-1"))
                                       .isInstanceOf(IllegalArgumentException.class)
                                       .hasMessageContaining("[apend-1]")
                                       .hasMessageContaining("append-1");
    }
}
