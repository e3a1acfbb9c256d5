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
 * The {@code tenants-append} scenario on the smoke settings (windows of 0.3 s; 500 single-event and 100 ten-event
 * commits for the costs): tenants' appends never contend, while nodes sharing one store do write one collection, and
 * an append is one server command.
 */
class TenantAppendSmokeTest {

    @Test
    void tenantsAppendWithoutSharingACollectionOrLosingAClaimToEachOther() throws Exception {
        // Given the smoke settings
        Harness harness = new Harness(ScenarioRegistry.builtIn(), RunSettings.smoke(),
                                      new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));

        // When the tenants-append scenario runs
        Report report = harness.run(List.of("tenants-append"), "smoke");

        // Then no claim was lost across tenants and no collection written by two tenants' appends
        assertThat(report.scenarios()).singleElement().satisfies(run -> assertThat(run.error()).isNull());
        assertThat(row(report, "lost claims across tenants").cairn()).isZero();
        assertThat(row(report, "collections written by appends of more than one tenant").cairn()).isZero();
        assertThat(row(report, "writes outside the writing tenant's database").cairn()).isZero();
        assertThat(row(report, "collections written by appends of more than one tenant").note())
                .contains("bench_tenants_t0.events=1", "bench_tenants_t3.events=1");
        // while the control's nodes on one store all write its events collection
        assertThat(row(report, "control: collections written by more than one node").note())
                .contains("bench_tenants_shared.events=4");
        // and a single-event commit is one server command, a ten-event one a tenth per event
        assertThat(row(report, "server commands/event, 1-event commits").cairn()).isEqualTo(1.0);
        assertThat(row(report, "server commands/event, 10-event commits").cairn()).isEqualTo(0.1);
        assertThat(row(report, "events/s per tenant").cairn()).isPositive();
    }

    private static ResultRow row(Report report, String metricPrefix) {
        return report.rows().stream().filter(row -> row.metric().startsWith(metricPrefix)).findFirst()
                     .orElseThrow(() -> new AssertionError("No row " + metricPrefix));
    }
}
