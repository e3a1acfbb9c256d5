package dev.cairn.benchmarks.scenario;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import dev.cairn.aggregates.Cairn;
import dev.cairn.aggregates.CairnApplication;
import dev.cairn.benchmarks.Contender;
import dev.cairn.benchmarks.internal.BenchBank;
import dev.cairn.benchmarks.report.Better;
import dev.cairn.benchmarks.report.ResultRow;
import dev.cairn.benchmarks.report.Target;
import dev.cairn.eventstore.mongo.CommitDoorbell;
import dev.cairn.eventstore.mongo.MongoEventStorageEngine;
import dev.cairn.mongo.embedded.EmbeddedMongo;
import dev.cairn.projections.CairnProjections;
import dev.cairn.projections.ReadModelCollection;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * {@code projection-latency}: time from a command's return to its deposit being visible in the read model, under
 * light load (one command at a time): on the node that sent the command, and on a second application instance
 * sharing the database, woken by its commit doorbell (a change stream on the event collection, ADR 83) on a server
 * with change streams of its own. Cairn only: the baselines have no projections.
 */
final class ProjectionLatencyScenario implements Scenario {

    private static final int ACCOUNTS = 50;

    @Override
    public String name() {
        return "projection-latency";
    }

    @Override
    public String description() {
        return "command to read model visibility, p50 / p99, same JVM and a second application instance";
    }

    @Override
    public List<ResultRow> run(ScenarioContext context) throws Exception {
        int commands = Math.max(20, context.settings().streamEvents() / 500);
        MongoDatabase database = context.database(Contender.CAIRN);
        BenchBank.populate(MongoEventStorageEngine.builder().database(database).build(), ACCOUNTS * 10, ACCOUNTS);
        List<ResultRow> rows = new ArrayList<>();
        CairnProjections local = projections();
        try (CairnApplication app = start(database, local)) {
            awaitHead(app, local);
            List<Double> sameJvm = measure(app, local.readModel("bench-balances").collection(BenchBank.ACCOUNTS),
                                           commands, context, "same JVM");
            rows.add(row("same JVM", sameJvm, 50, commands));
        }
        // the second instance needs change streams for its commit doorbell: a server of its own with an oplog, whose
        // change streams rescan that oplog on every poll, so it holds only this measurement's writes
        try (EmbeddedMongo changeStreams = EmbeddedMongo.startWithChangeStreams();
             MongoClient writerClient = changeStreams.newClient();
             MongoClient readerClient = changeStreams.newClient()) {
            MongoDatabase writerDatabase = writerClient.getDatabase(database.getName());
            BenchBank.populate(MongoEventStorageEngine.builder().database(writerDatabase).build(), ACCOUNTS * 10,
                               ACCOUNTS);
            CairnProjections remote = projections();
            CairnProjections sender = CairnProjections.builder().build();
            try (CairnApplication reader = Cairn.builder().database(readerClient.getDatabase(database.getName()))
                                                .aggregate(BenchBank.BenchAccount.class)
                                                // the embedded server has change streams without a replica set
                                                .eventStorage(engine -> engine.changeStreamsOnStandalone(true))
                                                .extension(remote.extension()).start();
                 CairnApplication writer = start(writerDatabase, sender)) {
                awaitHead(writer, remote);
                awaitDoorbell(reader);
                List<Double> acrossNodes = measure(writer, remote.readModel("bench-balances")
                                                                 .collection(BenchBank.ACCOUNTS),
                                                   Math.max(50, commands / 2), context, "second instance");
                rows.add(secondInstance(acrossNodes, 50, 20));
                rows.add(secondInstance(acrossNodes, 99, 100));
            }
        }
        return rows;
    }

    private static CairnProjections projections() {
        return CairnProjections.builder()
                               .projection(new BenchBank.Balances(), o -> o.owns(BenchBank.ACCOUNTS, BenchBank.TOTALS))
                               .build();
    }

    private static CairnApplication start(MongoDatabase database, CairnProjections projections) {
        return Cairn.builder().database(database).aggregate(BenchBank.BenchAccount.class)
                    .extension(projections.extension()).start();
    }

    private static void awaitHead(CairnApplication app, CairnProjections projections) throws InterruptedException {
        long head = app.configuration().getComponent(MongoEventStorageEngine.class).createHeadToken().position()
                       .orElseThrow();
        if (!projections.awaitCaughtUp("bench-balances", head, Duration.ofMinutes(1))) {
            throw new IllegalStateException("The projection did not catch up before the measurement");
        }
    }

    /** Sends deposits one at a time and polls the account's document until it shows each; milliseconds each. */
    private static List<Double> measure(CairnApplication app, ReadModelCollection accounts, int commands,
                                        ScenarioContext context, String where) throws InterruptedException {
        List<Double> latencies = new ArrayList<>();
        for (int i = 0; i < commands; i++) {
            String account = "account-" + i % ACCOUNTS;
            int before = deposits(accounts, account);
            app.commandGateway().sendAndWait(new BenchBank.Deposit(account, 1));
            long sent = System.nanoTime();
            long deadline = sent + Duration.ofSeconds(10).toNanos();
            while (deposits(accounts, account) <= before) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("A deposit did not become visible within 10 s (" + where + ")");
                }
                Thread.onSpinWait();
            }
            latencies.add((System.nanoTime() - sent) / 1e6);
        }
        context.progress(String.format("%s: p50 %.1f ms, p99 %.1f ms over %d commands", where,
                                       percentile(latencies, 50), percentile(latencies, 99), commands));
        return latencies;
    }

    private static int deposits(ReadModelCollection accounts, String account) {
        return accounts.find(account).map(document -> document.get("deposits", Number.class).intValue()).orElse(0);
    }

    private static ResultRow row(String where, List<Double> latencies, double p99Bound, int commands) {
        return ResultRow.of("projection-latency", "visible after command, p99 ms (" + where + ")", Better.LOWER,
                            percentile(latencies, 99), null, null)
                        .withNote("p50 " + String.format("%.1f", percentile(latencies, 50)) + " ms over "
                                          + latencies.size() + " commands")
                        .withTarget(Target.atMost(p99Bound, Target.Reference.ABSOLUTE, "ms"));
    }

    private static ResultRow secondInstance(List<Double> latencies, int percentile, double bound) {
        return ResultRow.of("projection-latency", "visible after command, p" + percentile
                                    + " ms (second instance)", Better.LOWER, percentile(latencies, percentile), null,
                            null)
                        .withNote(latencies.size() + " commands; the reader's commit doorbell (one change stream per "
                                          + "application, ADR 83) wakes it; the embedded server answers a change "
                                          + "stream's getMore at once, so the doorbell asks every 5 ms")
                        .withTarget(Target.atMost(bound, Target.Reference.ABSOLUTE, "ms"));
    }

    /** Waits until the reader's commit doorbell listens, so the measurement is of the doorbell, not of polling. */
    private static void awaitDoorbell(CairnApplication reader) throws InterruptedException {
        CommitDoorbell doorbell = reader.configuration().getComponent(MongoEventStorageEngine.class).commitDoorbell();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!doorbell.listening()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("The second instance's commit doorbell did not open its stream");
            }
            Thread.sleep(10);
        }
    }

    private static double percentile(List<Double> values, int percentile) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int index = (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }
}
