package dev.cairn.samples.demo;

import dev.cairn.projections.CairnProjections;
import dev.cairn.projections.ReadModelCollection;
import dev.cairn.projections.Rebuild;
import dev.cairn.projections.RebuildMode;
import dev.cairn.projections.RebuildOptions;
import com.example.samples.orders.SalesDashboard;
import org.bson.Document;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Rebuilds the sales dashboard blue/green while a reader queries it all along: every answer must be complete (the
 * totals of every order) and the rebuilt dashboard equal to the one it replaces.
 */
final class DashboardRebuild {

    record Outcome(DemoReport.Rebuild report, String problem) {
    }

    private final CairnProjections views;
    private final ExpectedReadModels expected;
    private final PrintStream err;
    private final boolean terminal;

    DashboardRebuild(CairnProjections views, ExpectedReadModels expected, PrintStream err, boolean terminal) {
        this.views = views;
        this.expected = expected;
        this.err = err;
        this.terminal = terminal;
    }

    Outcome run() throws Exception {
        List<Document> before = dashboard();
        Map<String, Object> totals = expected.model(SalesDashboard.NAME).get(SalesDashboard.TOTALS);
        AtomicLong reads = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        AtomicReference<String> firstProblem = new AtomicReference<>("");
        java.util.concurrent.atomic.AtomicBoolean reading = new java.util.concurrent.atomic.AtomicBoolean(true);
        // stopped by a flag, not an interrupt: an interrupted driver call would count as a failed read
        Thread reader = new Thread(() -> {
            while (reading.get()) {
                String problem = readOnce(totals);
                reads.incrementAndGet();
                if (problem != null) {
                    failed.incrementAndGet();
                    firstProblem.compareAndSet("", problem);
                }
            }
        }, "demo-dashboard-reader");
        reader.setDaemon(true);
        reader.start();
        long started = System.nanoTime();
        Rebuild rebuild = views.rebuild(SalesDashboard.NAME, RebuildOptions.defaults().mode(RebuildMode.BLUE_GREEN));
        long total = rebuild.progress().total();
        try (Progress progress = new Progress("rebuild " + SalesDashboard.NAME, total, err, terminal)) {
            while (!rebuild.await(Duration.ofMillis(200))) {
                progress.stepTo(rebuild.progress().done());
            }
            progress.stepTo(total);
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        Thread.sleep(300); // the reader goes on reading the new version
        reading.set(false);
        reader.join(5_000);
        boolean same = dashboard().equals(before);
        return new Outcome(new DemoReport.Rebuild(SalesDashboard.NAME, total, seconds, reads.get(), failed.get(),
                                                  same, views.liveVersion(SalesDashboard.NAME)), firstProblem.get());
    }

    private String readOnce(Map<String, Object> totals) {
        try {
            ReadModelCollection dashboard = views.readModel(SalesDashboard.NAME).collection(SalesDashboard.COLLECTION);
            Document found = dashboard.find(SalesDashboard.TOTALS).orElse(null);
            if (found == null || number(found, "placed") != number(totals, "placed")
                    || number(found, "confirmed") != number(totals, "confirmed")
                    || number(found, "cancelled") != number(totals, "cancelled")) {
                return "incomplete answer from " + dashboard.name() + ": " + found;
            }
            return null;
        } catch (RuntimeException e) {
            return "read failed: " + e;
        }
    }

    private List<Document> dashboard() {
        List<Document> documents = new ArrayList<>(views.readModel(SalesDashboard.NAME)
                                                        .collection(SalesDashboard.COLLECTION)
                                                        .findAll(new Document()));
        documents.sort((a, b) -> String.valueOf(a.get("_id")).compareTo(String.valueOf(b.get("_id"))));
        return documents;
    }

    private static long number(Map<String, Object> document, String field) {
        Object value = document.get(field);
        return value instanceof Number number ? number.longValue() : 0;
    }
}
