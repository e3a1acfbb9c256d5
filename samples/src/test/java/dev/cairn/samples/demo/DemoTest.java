package dev.cairn.samples.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.cli.CairnCli;
import dev.cairn.projections.CairnProjections;
import dev.cairn.projections.ReadModel;
import dev.cairn.samples.SamplesCli;
import com.example.samples.bank.BankSample;
import com.example.samples.orders.OrderMessages.StockReleased;
import com.example.samples.orders.OrderSummaries;
import com.example.samples.orders.SalesDashboard;
import com.example.samples.orders.StockLevelsView;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo in this process with a small workload (every invariant holds, the report's numbers add up, the command
 * line reads its data), with a broken projection (it fails and names the read model), and as the launcher in a
 * separate process (exit code and JSON). Runs on a real MongoDB when {@code CAIRN_MONGO_URI} is set.
 * <p>
 * Scaled down from the demo's 1,000 orders and 200 transfers: 40 orders from 8 clients and 30 transfers in this
 * process, 10 orders from 10 clients elsewhere. The 5 orders whose payment times out each hold their client for the
 * saga's 5 s payment deadline, so there are enough clients for those waits to overlap instead of queueing; for the
 * same reason the three runs go side by side (each on a server and database of its own).
 */
@Execution(ExecutionMode.CONCURRENT)
class DemoTest {

    private static final String MONGO_URI = System.getenv("CAIRN_MONGO_URI");

    @Test
    void aSmallRunKeepsEveryInvariantAndItsReportAddsUp(@TempDir Path data) throws Exception {
        // Given 40 orders from 8 clients and 30 transfers, kept in a data folder, with an HTML report
        Path html = data.resolve("report.html");
        DemoOptions options = DemoOptions.defaults().withOrders(40, 8).withTransfers(30)
                                         .withStorage(MONGO_URI, "cairn_demo_test", MONGO_URI == null ? data : null)
                                         .withReport(html, false);

        // When the demo runs
        DemoReport report = new Demo(options, Demo::sampleProjections, quiet(), false).run();
        HtmlReport.write(report, html);

        // Then every invariant holds and the numbers add up
        assertThat(report.broken()).isEmpty();
        assertThat(report.invariants()).hasSizeGreaterThanOrEqualTo(14);
        assertThat(report.orders().placed()).isEqualTo(40);
        assertThat(report.orders().confirmed() + report.orders().cancelled()).isEqualTo(40);
        assertThat(report.orders().cancelledBy().values().stream().mapToLong(Long::longValue).sum())
                .isEqualTo(report.orders().cancelled());
        assertThat(report.orders().cancelledBy()).containsEntry("payment timed out", 5L)
                                                 .containsKey("payment declined");
        // every cancelled order released its stock; a timed-out one also voided its pending payment
        assertThat(report.compensations()).isGreaterThanOrEqualTo(report.orders().cancelled() + 5);
        assertThat(report.bank().sent()).isEqualTo(90);
        assertThat(report.bank().applied()).isPositive().isLessThanOrEqualTo(30);
        assertThat(report.bank().applied() + report.bank().refusedOrDuplicate()).isEqualTo(90);
        assertThat(report.projections()).hasSize(5).allSatisfy((name, lag) -> assertThat(lag).isZero());
        assertThat(report.rebuild().failedReads()).isZero();
        assertThat(report.rebuild().reads()).isPositive();
        assertThat(report.rebuild().version()).isEqualTo(2);
        assertThat(report.store().events()).isEqualTo(report.store().head());
        // and the README's captured run lists exactly these invariants, and opens with the two commands
        String readme = Files.readString(Path.of("..", "README.md"));
        for (DemoReport.Invariant invariant : report.invariants()) {
            assertThat(readme).contains("    ok   " + invariant.name() + "\n");
        }
        String quickStart = readme.substring(readme.indexOf("## Quick start"), readme.indexOf("### What the demo"));
        assertThat(quickStart).contains("\n./cairn demo\n", "\nmvn -B verify\n");
        assertThat(Files.readString(Path.of("..", ".ci", "run"))).contains("\nmvn -B verify\n");
        // and the HTML page is self-contained, with the invariant table and two charts
        String page = Files.readString(html);
        assertThat(page).contains("every unit of stock available, reserved or sold").doesNotContain("<script")
                        .doesNotContain("http://fonts").doesNotContain("https://");
        assertThat(page.split("<svg", -1)).hasSize(3);

        // and the command line shows the demo's projections from the same data folder
        if (MONGO_URI == null) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            int exit = CairnCli.run(new SamplesCli(), new PrintStream(out, true, StandardCharsets.UTF_8), quiet(),
                                    "projections", "status", "--data", data.toString(), "--database",
                                    "cairn_demo_test", "--json");
            assertThat(exit).isZero();
            assertThat(out.toString(StandardCharsets.UTF_8)).contains(OrderSummaries.NAME, SalesDashboard.NAME,
                                                                      BankSample.class.getSimpleName().isEmpty()
                                                                              ? "" : "bank-balances");
        }
    }

    @Test
    void aProjectionThatDropsAnEventTypeFailsTheDemoNamingItsReadModel() throws Exception {
        // Given stock levels that ignore released stock
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        DemoCommand command = new DemoCommand(quiet(), new PrintStream(err, true, StandardCharsets.UTF_8), false,
                                              DemoTest::withBrokenStockLevels);

        // When the demo runs with it
        int exit = DemoCommand.run(command, quiet(), new PrintStream(err, true, StandardCharsets.UTF_8),
                                   "--orders", "10", "--clients", "10", "--transfers", "5", "--database",
                                   "cairn_demo_broken");

        // Then it exits non-zero naming the read model that differs
        assertThat(exit).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("invariant broken: read model " + StockLevelsView.NAME + " equals the events");
    }

    @Test
    void theLauncherRunsTheDemoAsAProcessAndPrintsItsReportAsJson() throws Exception {
        // Given the launcher on this build's class path
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC", "-cp",
                System.getProperty("java.class.path"), "dev.cairn.samples.SamplesLauncher", "demo", "--orders", "10",
                "--clients", "10", "--transfers", "5", "--json"));
        if (MONGO_URI != null) {
            command.addAll(List.of("--mongo-uri", MONGO_URI, "--database", "cairn_demo_process"));
        }
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();

        // When it runs
        String json = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(3, TimeUnit.MINUTES)).isTrue();

        // Then it exits 0 and its JSON report says every invariant holds
        assertThat(process.exitValue()).as(json).isZero();
        JsonNode report = new ObjectMapper().readTree(json);
        assertThat(report.path("orders").path("placed").asLong()).isEqualTo(10);
        assertThat(report.path("invariants")).isNotEmpty()
                                             .allSatisfy(invariant -> assertThat(invariant.path("holds").asBoolean())
                                                     .as(invariant.toString()).isTrue());
    }

    /** Stock levels that forget released stock: the demo must notice. */
    public static class BrokenStockLevels extends StockLevelsView {
        @Override
        public void on(StockReleased event, ReadModel readModel) {
            // dropped
        }
    }

    private static CairnProjections.Builder withBrokenStockLevels(CairnProjections.Builder builder) {
        return builder.projection(new OrderSummaries(), o -> o.owns(OrderSummaries.COLLECTION))
                      .projection(new SalesDashboard(), o -> o.owns(SalesDashboard.COLLECTION))
                      .projection(new BrokenStockLevels(), o -> o.owns(StockLevelsView.COLLECTION));
    }

    private static PrintStream quiet() {
        return new PrintStream(PrintStream.nullOutputStream());
    }
}
