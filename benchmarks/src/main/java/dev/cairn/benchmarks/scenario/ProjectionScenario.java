package dev.cairn.benchmarks.scenario;

import com.mongodb.client.MongoDatabase;
import dev.cairn.aggregates.Cairn;
import dev.cairn.aggregates.CairnApplication;
import dev.cairn.benchmarks.Contender;
import dev.cairn.benchmarks.internal.BenchBank;
import dev.cairn.benchmarks.report.Better;
import dev.cairn.benchmarks.report.ResultRow;
import dev.cairn.benchmarks.report.Target;
import dev.cairn.benchmarks.scenario.ProjectionRuns.Timing;
import dev.cairn.eventstore.mongo.MongoEventStorageEngine;
import dev.cairn.eventstore.mongo.support.CairnCollections;
import dev.cairn.projections.CairnProjections;
import dev.cairn.projections.Rebuild;
import dev.cairn.projections.RebuildMode;
import dev.cairn.projections.RebuildOptions;
import org.bson.Document;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code projection}: catch-up (rebuild) rate of a realistic projection — one document per account and one summary
 * document fed by every account — from the tail of an event store to its head, with the default projection options.
 * Cairn runs it through {@code CairnProjections} (Cairn's streaming processor, Mongo token store, idempotent
 * read-model writes); the raw baseline scans the same commit documents with the driver and bulk-writes the same read
 * model (unordered upserts, batches of 1,000). A second pair runs the processor with a handler that writes nothing,
 * against Cairn's own stream of the same events; Axon's event handler invoker with no processor around it (one thread
 * reading the stream, one handling batches) runs against the same stream after every other row: how far a processor
 * on Axon's invoker could go. Catch-up rates are measured after start-up, from the first event a handler handled (the
 * raw scan: the first document its query returned; the stream: its first event) to the end, and again from the start
 * (the application's start, the query) for comparison. These runs are interleaved as the harness's other scenarios
 * are (ADR 0021, ADR 94): the run settings' warm-up rounds of every run, then its measured rounds, the first contender
 * alternating. Two more rows rebuild the caught-up projection in place and blue/green on the bulk path (batches of
 * 1,000), against the same raw baseline: a warm-up rebuild of each mode, then two measured rebuilds of each, the modes
 * alternating. Under {@code --full} the catch-up and the processor writing nothing also run once over 1,000,000
 * events (ten per commit), after start-up. axon-mongo has no projections.
 */
final class ProjectionScenario implements Scenario {

    private static final int ACCOUNTS = 1_000;

    /** Events of the steady-state rows, stored only under {@code --full}. */
    static final int STEADY_EVENTS = 1_000_000;

    @Override
    public String name() {
        return "projection";
    }

    @Override
    public String description() {
        return "projection catch-up rate (per-account upsert + one summary document), Cairn vs a raw driver scan "
                + "with bulk writes";
    }

    @Override
    public List<ResultRow> run(ScenarioContext context) throws Exception {
        int events = Math.max(500, context.settings().streamEvents() / 5);
        MongoDatabase database = context.database(Contender.CAIRN);
        MongoEventStorageEngine engine = MongoEventStorageEngine.builder().database(database).build();
        BenchBank.populate(engine, events, ACCOUNTS);
        long head = engine.createHeadToken().position().orElseThrow();
        context.progress("stored " + events + " deposits");
        // the harness's interleaving (ADR 0021, ADR 94): warm-up rounds of every run, then measured rounds with the
        // first contender alternating
        for (int round = 0; round < context.settings().warmUpRounds(); round++) {
            ProjectionRuns.catchUp(context, database, head, new BenchBank.Balances(), "bench-balances", "warm-up");
            ProjectionRuns.catchUp(context, database, head, new BenchBank.Noop(), "bench-noop", "warm-up");
            ProjectionRuns.raw(database, "warm_", true);
            ProjectionRuns.stream(engine, events);
        }
        int rounds = context.settings().measureRounds();
        Timing cairn = Timing.ZERO;
        Timing raw = Timing.ZERO;
        Timing cairnAlone = Timing.ZERO;
        Timing stream = Timing.ZERO;
        for (int round = 0; round < rounds; round++) {
            boolean cairnFirst = round % 2 == 0;
            if (!cairnFirst) {
                raw = raw.plus(ProjectionRuns.raw(database, "raw" + round + "_", true));
                stream = stream.plus(ProjectionRuns.stream(engine, events));
            }
            cairn = cairn.plus(ProjectionRuns.catchUp(context, database, head, new BenchBank.Balances(),
                                                      "bench-balances", "round " + round));
            cairnAlone = cairnAlone.plus(ProjectionRuns.catchUp(context, database, head, new BenchBank.Noop(),
                                                                "bench-noop", "round " + round));
            if (cairnFirst) {
                raw = raw.plus(ProjectionRuns.raw(database, "raw" + round + "_", true));
                stream = stream.plus(ProjectionRuns.stream(engine, events));
            }
        }
        long measured = (long) rounds * events;
        context.progress(String.format(Locale.ROOT, "after start-up: cairn %.2f s, raw %.2f s; without writes: "
                                               + "cairn %.2f s, cairn stream %.2f s", cairn.steady(), raw.steady(),
                                       cairnAlone.steady(), stream.steady()));
        // rebuilds as the rest: a warm-up of each, then two measured rounds of each, the modes alternating
        rebuild(context, database, head, RebuildMode.IN_PLACE);
        rebuild(context, database, head, RebuildMode.BLUE_GREEN);
        double inPlace = 0;
        double blueGreen = 0;
        for (int round = 0; round < 2; round++) {
            inPlace += rebuild(context, database, head, RebuildMode.IN_PLACE);
            blueGreen += rebuild(context, database, head, RebuildMode.BLUE_GREEN);
        }
        List<ResultRow> rows = new ArrayList<>();
        rows.add(catchUpRow(events + " events", measured, cairn.steady(), raw.steady()));
        rows.add(ResultRow.of(name(), "catch-up events/s (" + events + " events), from start", Better.HIGHER,
                              measured / cairn.total(), measured / raw.total(), null)
                          .withNote("Cairn from starting the application, raw from sending its query"));
        rows.add(noWritesRow(events + " events", measured, cairnAlone.steady(), stream.steady()));
        rows.add(ResultRow.of(name(), "handler writing nothing events/s (" + events + " events), from start",
                              Better.HIGHER, measured / cairnAlone.total(), measured / stream.total(), null)
                          .withNote("raw column: Cairn's own stream from its readEvents call; Cairn from starting "
                                            + "the application"));
        rows.add(ResultRow.of(name(), "rebuild in place events/s (bulk path, batches of 1,000)", Better.HIGHER,
                              2 * events / inPlace, measured / raw.total(), null)
                          .withTarget(Target.atLeast(0.8, Target.Reference.RAW))
                          .withNote("from the rebuild call to its completion: pause, reset, replay; after a warm-up, "
                                            + "two rebuilds; raw from start"));
        rows.add(ResultRow.of(name(), "rebuild blue/green events/s (bulk path, batches of 1,000)", Better.HIGHER,
                              2 * events / blueGreen, measured / raw.total(), null)
                          .withTarget(Target.atLeast(0.8, Target.Reference.RAW))
                          .withNote("from the rebuild call to the switch, while version 1 serves reads; after a "
                                            + "warm-up, two rebuilds; raw from start"));
        if ("full".equals(context.settings().mode())) {
            rows.addAll(steadyState(context));
        }
        rows.add(invokerAloneRow(context, engine, events));
        return rows;
    }

    /**
     * The {@code --full} rows: one catch-up (default options) and one run of the processor writing nothing over
     * {@value #STEADY_EVENTS} events, each against its baseline on the same events, measured after start-up. Runs
     * after the small rows, which warmed up every path.
     */
    private List<ResultRow> steadyState(ScenarioContext context) throws InterruptedException {
        MongoDatabase database = context.client().getDatabase(context.databaseName(Contender.CAIRN) + "_1m");
        MongoEventStorageEngine engine = MongoEventStorageEngine.builder().database(database).build();
        BenchBank.populate(engine, STEADY_EVENTS, ACCOUNTS);
        long head = engine.createHeadToken().position().orElseThrow();
        context.progress("stored " + STEADY_EVENTS + " deposits");
        Timing raw = ProjectionRuns.raw(database, "raw_", true);
        Timing cairn = ProjectionRuns.catchUp(context, database, head, new BenchBank.Balances(), "bench-balances",
                                              STEADY_EVENTS + " events");
        Timing cairnAlone = ProjectionRuns.catchUp(context, database, head, new BenchBank.Noop(), "bench-noop",
                                                   STEADY_EVENTS + " events");
        Timing stream = ProjectionRuns.stream(engine, STEADY_EVENTS);
        context.progress(String.format(Locale.ROOT, "%,d events after start-up: cairn %.2f s, raw %.2f s; without "
                                               + "writes: cairn %.2f s, cairn stream %.2f s", STEADY_EVENTS,
                                       cairn.steady(), raw.steady(), cairnAlone.steady(), stream.steady()));
        database.drop();
        return List.of(catchUpRow("1,000,000 events", STEADY_EVENTS, cairn.steady(), raw.steady()),
                       noWritesRow("1,000,000 events", STEADY_EVENTS, cairnAlone.steady(), stream.steady()));
    }

    /**
     * Axon's invoker with no processor, against Cairn's stream of the same events: the run settings' warm-up and
     * measured rounds, the first alternating. Runs after every row of Cairn's processor, so that its different use of
     * Axon's classes cannot change what the JIT made of the processor's paths before they were measured.
     */
    private ResultRow invokerAloneRow(ScenarioContext context, MongoEventStorageEngine engine, int events)
            throws InterruptedException {
        for (int round = 0; round < context.settings().warmUpRounds(); round++) {
            ProjectionRuns.invokerAlone(engine, new BenchBank.Noop(), events);
            ProjectionRuns.stream(engine, events);
        }
        int rounds = context.settings().measureRounds();
        Timing invoker = Timing.ZERO;
        Timing stream = Timing.ZERO;
        for (int round = 0; round < rounds; round++) {
            if (round % 2 == 1) {
                stream = stream.plus(ProjectionRuns.stream(engine, events));
            }
            invoker = invoker.plus(ProjectionRuns.invokerAlone(engine, new BenchBank.Noop(), events));
            if (round % 2 == 0) {
                stream = stream.plus(ProjectionRuns.stream(engine, events));
            }
        }
        context.progress(String.format(Locale.ROOT, "Axon's invoker alone %.2f s, cairn stream %.2f s",
                                       invoker.steady(), stream.steady()));
        return ResultRow.of(name(), "Axon's invoker alone, writing nothing, events/s (" + events + " events) vs "
                                    + "Cairn's stream", Better.HIGHER, (double) rounds * events / invoker.steady(),
                            (double) rounds * events / stream.steady(), null)
                        .withNote("no processor: one thread reads the stream and hands batches of "
                                          + ProjectionRuns.INVOKER_BATCH + " to one thread handling them in a unit of "
                                          + "work (no claims, segments, tokens, interceptors or dead letters): the "
                                          + "ceiling of a processor on Axon's invoker; after start-up; measured last");
    }

    private ResultRow catchUpRow(String what, long events, double cairn, double raw) {
        return ResultRow.of(name(), "catch-up events/s (" + what + ", default options)", Better.HIGHER,
                            events / cairn, events / raw, null)
                        .withTarget(Target.atLeast(0.6, Target.Reference.RAW))
                        .withNote("read model: one document per account (" + ACCOUNTS + ") + one summary document; "
                                          + "after start-up: from the first event handled (raw: the first document "
                                          + "read) to caught up");
    }

    private ResultRow noWritesRow(String what, long events, double cairn, double stream) {
        return ResultRow.of(name(), "handler writing nothing events/s (" + what + ") vs Cairn's stream",
                            Better.HIGHER, events / cairn, events / stream, null)
                        .withTarget(new Target(">= 0.7x Cairn's stream", Target.Reference.RAW, 0.7, Better.HIGHER))
                        .withNote("raw column: Cairn's own stream of the same events (readEvents from the tail); "
                                          + "processor, dispatching and token writes; after start-up");
    }

    /**
     * Rebuilds a caught-up projection the way the command line does (a process running only it, batches of 1,000);
     * returns the seconds from the rebuild call to its completion.
     */
    private static double rebuild(ScenarioContext context, MongoDatabase database, long head, RebuildMode mode)
            throws InterruptedException {
        for (String collection : List.of(BenchBank.ACCOUNTS, BenchBank.TOTALS, BenchBank.ACCOUNTS + "__v2",
                                         BenchBank.TOTALS + "__v2", CairnCollections.TOKENS,
                                         CairnCollections.PROJECTION_ALIASES, CairnCollections.PROJECTION_CONTROL)) {
            database.getCollection(collection).deleteMany(new Document());
        }
        CairnProjections projections = CairnProjections.builder()
                                                       .projection(new BenchBank.Balances(),
                                                                   o -> o.owns(BenchBank.ACCOUNTS, BenchBank.TOTALS)
                                                                         .batchSize(1_000))
                                                       .build();
        String name = "bench-balances";
        try (CairnApplication ignored = Cairn.builder().database(database).extension(projections.extension())
                                             .start()) {
            if (!projections.awaitCaughtUp(name, head, Duration.ofMinutes(5))) {
                throw new IllegalStateException("Projection [" + name + "] did not catch up before its rebuild");
            }
            long started = System.nanoTime();
            Rebuild rebuild = projections.rebuild(name, RebuildOptions.defaults().mode(mode));
            if (!rebuild.await(Duration.ofMinutes(5))) {
                throw new IllegalStateException("The " + mode + " rebuild did not finish in 5 minutes: "
                                                        + rebuild.progress());
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            context.progress(String.format(Locale.ROOT, "cairn rebuild %s: %.2f s", mode, seconds));
            return seconds;
        }
    }
}
