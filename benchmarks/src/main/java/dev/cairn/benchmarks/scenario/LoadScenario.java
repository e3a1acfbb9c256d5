package dev.cairn.benchmarks.scenario;

import dev.cairn.benchmarks.Contender;
import dev.cairn.benchmarks.RunSettings;
import dev.cairn.benchmarks.internal.Engines;
import dev.cairn.benchmarks.internal.Loaders;
import dev.cairn.benchmarks.report.Better;
import dev.cairn.benchmarks.report.ResultRow;
import dev.cairn.benchmarks.report.Target;
import org.bson.BsonDocument;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * {@code load}: loading an aggregate whose stream holds 100, 1,000 or 10,000 single-event commits, with a snapshot
 * stored after every 100 events, once using the snapshots and once ignoring them (Axon's
 * {@code SnapshotFilter.rejectAll()}, so both loads send the same commands). Cairn and axon-mongo load through Axon's
 * {@code EventSourcingRepository} (snapshot, then the events after it); the raw driver reads the snapshot document
 * and the event documents after it. Reports the median load time, the events fetched after the snapshot and the
 * server commands per load.
 */
final class LoadScenario implements Scenario {

    private static final int WARM_UP_LOADS = 2;

    @Override
    public String name() {
        return "load";
    }

    @Override
    public String description() {
        return "aggregate load time and events fetched, with and without snapshots";
    }

    /** What one contender's loads of one aggregate measured. */
    private record Loads(double medianMillis, long eventsFetched, double commandsPerLoad) {
    }

    /** One measured load: an aggregate of the scenario, loaded with or without its snapshots. */
    private record Shape(int size, boolean snapshots) {

        String label() {
            return String.format(Locale.ROOT, "%,d events, %s", size, snapshots ? "snapshot/" : "no snapshots");
        }
    }

    @Override
    public List<ResultRow> run(ScenarioContext context) throws Exception {
        RunSettings settings = context.settings();
        List<Shape> shapes = new ArrayList<>();
        for (boolean snapshots : new boolean[]{false, true}) {
            settings.loadSizes().forEach(size -> shapes.add(new Shape(size, snapshots)));
        }
        Map<Shape, Map<Contender, Loads>> results = new LinkedHashMap<>();
        shapes.forEach(shape -> results.put(shape, new EnumMap<>(Contender.class)));
        for (Contender contender : Contender.values()) {
            // one stream per size, with snapshots stored; loads "without snapshots" ignore them
            if (contender == Contender.RAW) {
                Loaders.Raw raw = new Loaders.Raw(
                        context.database(contender).getCollection("events", BsonDocument.class),
                        context.database(contender).getCollection("snapshots", BsonDocument.class));
                store(settings, size -> raw.store(id(size), size, settings.snapshotEvery()));
                context.progress(contender.label() + ": stored");
                for (Shape shape : shapes) {
                    results.get(shape).put(contender, measure(context, () -> raw.load(
                            id(shape.size()), shape.size() - 1, shape.snapshots())));
                }
            } else {
                String database = context.databaseName(contender);
                try (Loaders.Repository withSnapshots = new Loaders.Repository(
                        Engines.of(contender, context.client(), database, true));
                     Loaders.Repository withoutSnapshots = new Loaders.Repository(
                             Engines.of(contender, context.client(), database, false))) {
                    store(settings, size -> withSnapshots.store(id(size), size, settings.snapshotEvery()));
                    context.progress(contender.label() + ": stored");
                    for (Shape shape : shapes) {
                        Loaders.Repository repository = shape.snapshots() ? withSnapshots : withoutSnapshots;
                        results.get(shape).put(contender, measure(context, () -> repository.load(
                                id(shape.size()), shape.size() - 1)));
                    }
                }
            }
            context.progress(contender.label() + ": measured");
            context.dropDatabase(contender);
        }
        return rows(results, settings);
    }

    private interface Store {
        void store(int size);
    }

    private interface Load {
        long load() throws Exception;
    }

    private static String id(int size) {
        return "order-" + size;
    }

    /**
     * Stores one aggregate per size, concurrently.
     */
    private static void store(RunSettings settings, Store store) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(settings.writerThreads());
        try {
            List<Future<?>> stored = new ArrayList<>();
            for (int size : settings.loadSizes()) {
                stored.add(pool.submit(() -> {
                    store.store(size);
                    return null;
                }));
            }
            for (Future<?> future : stored) {
                future.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static Loads measure(ScenarioContext context, Load load) throws Exception {
        for (int warmUp = 0; warmUp < WARM_UP_LOADS; warmUp++) {
            load.load();
        }
        int repetitions = context.settings().loadRepetitions();
        double[] millis = new double[repetitions];
        long fetched = 0;
        long commands = 0;
        for (int repetition = 0; repetition < repetitions; repetition++) {
            long start = System.nanoTime();
            ScenarioContext.Counted<Long> counted = context.counted(load::load);
            millis[repetition] = (System.nanoTime() - start) / 1e6;
            fetched = counted.result();
            commands += counted.commands().total();
        }
        Arrays.sort(millis);
        double median = repetitions % 2 == 1 ? millis[repetitions / 2]
                : (millis[repetitions / 2 - 1] + millis[repetitions / 2]) / 2;
        return new Loads(median, fetched, (double) commands / repetitions);
    }

    private List<ResultRow> rows(Map<Shape, Map<Contender, Loads>> results, RunSettings settings) {
        List<ResultRow> rows = new ArrayList<>();
        for (Map.Entry<Shape, Map<Contender, Loads>> entry : results.entrySet()) {
            Shape shape = entry.getKey();
            Map<Contender, Loads> loads = entry.getValue();
            String label = shape.label() + (shape.snapshots() ? settings.snapshotEvery() : "");
            rows.add(row("load ms (" + label + ")", Better.LOWER, loads, Loads::medianMillis)
                             .withNote(String.format(Locale.ROOT, "events fetched cairn/raw/axon-mongo: %s/%s/%s; "
                                                             + "server commands per load: %s/%s/%s",
                                                     fetched(loads, Contender.CAIRN), fetched(loads, Contender.RAW),
                                                     fetched(loads, Contender.AXON_MONGO),
                                                     commands(loads, Contender.CAIRN),
                                                     commands(loads, Contender.RAW),
                                                     commands(loads, Contender.AXON_MONGO))));
        }
        int smallest = settings.loadSizes().stream().min(Integer::compare).orElseThrow();
        int largest = settings.loadSizes().stream().max(Integer::compare).orElseThrow();
        Map<Contender, Loads> largestSnapshots = results.get(new Shape(largest, true));
        Map<Contender, Loads> smallestSnapshots = results.get(new Shape(smallest, true));
        String suffix = String.format(Locale.ROOT, "%,d events, snapshot/%d", largest, settings.snapshotEvery());
        rows.add(row("events fetched (" + suffix + ")", Better.LOWER, largestSnapshots,
                     loads -> (double) loads.eventsFetched())
                         .carryingOver()
                         .withTarget(Target.atMost(100, Target.Reference.ABSOLUTE, "events")));
        rows.add(row("server commands/load (" + suffix + ")", Better.LOWER, largestSnapshots,
                     Loads::commandsPerLoad).carryingOver());
        rows.add(row(String.format(Locale.ROOT, "server commands/load (%,d events, no snapshots)", largest),
                     Better.LOWER, results.get(new Shape(largest, false)), Loads::commandsPerLoad).carryingOver());
        Map<Contender, Double> growth = new EnumMap<>(Contender.class);
        for (Contender contender : Contender.values()) {
            Loads big = largestSnapshots.get(contender);
            Loads small = smallestSnapshots.get(contender);
            if (big != null && small != null && small.medianMillis() > 0) {
                growth.put(contender, big.medianMillis() / small.medianMillis());
            }
        }
        rows.add(ResultRow.of(name(), String.format(Locale.ROOT, "load time %,d / %,d events (snapshot/%d)", largest,
                                                    smallest, settings.snapshotEvery()), Better.LOWER,
                              growth.get(Contender.CAIRN), growth.get(Contender.RAW),
                              growth.get(Contender.AXON_MONGO))
                          .withTarget(Target.atMost(2, Target.Reference.ABSOLUTE, "x")));
        return rows;
    }

    private ResultRow row(String metric, Better better, Map<Contender, Loads> loads,
                          java.util.function.ToDoubleFunction<Loads> figure) {
        return ResultRow.of(name(), metric, better, value(loads, Contender.CAIRN, figure),
                            value(loads, Contender.RAW, figure), value(loads, Contender.AXON_MONGO, figure));
    }

    private static Double value(Map<Contender, Loads> loads, Contender contender,
                                java.util.function.ToDoubleFunction<Loads> figure) {
        Loads measured = loads.get(contender);
        return measured == null ? null : figure.applyAsDouble(measured);
    }

    private static String fetched(Map<Contender, Loads> loads, Contender contender) {
        Loads measured = loads.get(contender);
        return measured == null ? "n/a" : String.valueOf(measured.eventsFetched());
    }

    private static String commands(Map<Contender, Loads> loads, Contender contender) {
        Loads measured = loads.get(contender);
        return measured == null ? "n/a" : String.format(Locale.ROOT, "%.1f", measured.commandsPerLoad());
    }
}
