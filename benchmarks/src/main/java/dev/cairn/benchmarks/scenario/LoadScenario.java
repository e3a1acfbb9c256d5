package dev.cairn.benchmarks.scenario;

import dev.cairn.benchmarks.Contender;
import dev.cairn.benchmarks.RunSettings;
import dev.cairn.benchmarks.internal.Engines;
import dev.cairn.benchmarks.internal.Loaders;
import dev.cairn.benchmarks.internal.Rotation;
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
 * stored every 100 events, once using the snapshots and once ignoring them (Axon's
 * {@code SnapshotFilter.rejectAll()}, so both loads send the same commands). Cairn and axon-mongo load through Axon's
 * {@code EventSourcingRepository} (snapshot, then the events after it); the raw driver reads the snapshot document
 * and the event documents after it. Reports the median load time, the events fetched after the snapshot and the
 * server commands per load.
 * <p>
 * Snapshots are placed so that every stream ends 99 events after its last snapshot (the longest tail a snapshot
 * every 100 events leaves; {@link Loaders#snapshotAfter(long, int, int)}), so a load with snapshots must read the
 * snapshot and exactly that tail (ADR 0021). All three stores are written first; warm-up and measured loads then
 * take turns, the first contender rotating from one repetition to the next.
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

    /** Loads one aggregate of one contender's store. */
    private interface Load {
        /**
         * @return the events read after the snapshot
         */
        long load(Shape shape) throws Exception;
    }

    /** Stores one aggregate of one contender. */
    private interface Store {
        void store(int size);
    }

    @Override
    public List<ResultRow> run(ScenarioContext context) throws Exception {
        RunSettings settings = context.settings();
        List<Contender> contenders = List.of(Contender.values());
        List<Shape> shapes = new ArrayList<>();
        for (boolean snapshots : new boolean[]{false, true}) {
            settings.loadSizes().forEach(size -> shapes.add(new Shape(size, snapshots)));
        }
        List<Loaders.Repository> repositories = new ArrayList<>();
        try {
            // one stream per size, with snapshots stored; loads "without snapshots" ignore them
            Map<Contender, Load> loads = new EnumMap<>(Contender.class);
            for (Contender contender : contenders) {
                loads.put(contender, store(contender, context, repositories));
                context.progress(contender.label() + ": stored");
            }
            for (int round = 0; round < WARM_UP_LOADS; round++) {
                for (Shape shape : shapes) {
                    for (Contender contender : Rotation.of(contenders, round)) {
                        loads.get(contender).load(shape);
                    }
                }
            }
            Map<Shape, Map<Contender, Loads>> results = measure(context, contenders, shapes, loads);
            context.progress("measured");
            return rows(results, settings);
        } finally {
            repositories.forEach(Loaders.Repository::close);
            contenders.forEach(context::dropDatabase);
        }
    }

    /**
     * Stores one aggregate per size for {@code contender}, with its snapshots.
     *
     * @return how to load them
     */
    private static Load store(Contender contender, ScenarioContext context, List<Loaders.Repository> repositories)
            throws Exception {
        RunSettings settings = context.settings();
        if (contender == Contender.RAW) {
            Loaders.Raw raw = new Loaders.Raw(
                    context.database(contender).getCollection("events", BsonDocument.class),
                    context.database(contender).getCollection("snapshots", BsonDocument.class));
            store(settings, size -> raw.store(id(size), size, settings.snapshotEvery()));
            return shape -> raw.load(id(shape.size()), shape.size() - 1, shape.snapshots());
        }
        String database = context.databaseName(contender);
        Loaders.Repository withSnapshots =
                new Loaders.Repository(Engines.of(contender, context.client(), database, true));
        repositories.add(withSnapshots);
        Loaders.Repository withoutSnapshots =
                new Loaders.Repository(Engines.of(contender, context.client(), database, false));
        repositories.add(withoutSnapshots);
        store(settings, size -> withSnapshots.store(id(size), size, settings.snapshotEvery()));
        return shape -> (shape.snapshots() ? withSnapshots : withoutSnapshots).load(id(shape.size()),
                                                                                  shape.size() - 1);
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

    /**
     * Loads every shape {@code loadRepetitions} times per contender, the contenders taking turns load by load.
     */
    private static Map<Shape, Map<Contender, Loads>> measure(ScenarioContext context, List<Contender> contenders,
                                                             List<Shape> shapes, Map<Contender, Load> loads)
            throws Exception {
        int repetitions = context.settings().loadRepetitions();
        Map<Shape, Map<Contender, Samples>> samples = new LinkedHashMap<>();
        for (Shape shape : shapes) {
            samples.put(shape, new EnumMap<>(Contender.class));
            contenders.forEach(contender -> samples.get(shape).put(contender, new Samples(repetitions)));
        }
        for (int repetition = 0; repetition < repetitions; repetition++) {
            for (Shape shape : shapes) {
                for (Contender contender : Rotation.of(contenders, repetition)) {
                    Load load = loads.get(contender);
                    long start = System.nanoTime();
                    ScenarioContext.Counted<Long> counted = context.counted(() -> load.load(shape));
                    samples.get(shape).get(contender).add(repetition, (System.nanoTime() - start) / 1e6,
                                                          counted.result(), counted.commands().total());
                }
            }
        }
        Map<Shape, Map<Contender, Loads>> results = new LinkedHashMap<>();
        samples.forEach((shape, byContender) -> {
            Map<Contender, Loads> measured = new EnumMap<>(Contender.class);
            byContender.forEach((contender, sample) -> measured.put(contender, sample.loads()));
            results.put(shape, measured);
        });
        return results;
    }

    /** The measured loads of one shape by one contender, filled in repetition by repetition. */
    private static final class Samples {

        private final double[] millis;
        private long eventsFetched;
        private long commands;

        Samples(int repetitions) {
            this.millis = new double[repetitions];
        }

        void add(int repetition, double loadMillis, long fetched, long loadCommands) {
            millis[repetition] = loadMillis;
            eventsFetched = fetched;
            commands += loadCommands;
        }

        Loads loads() {
            double[] sorted = millis.clone();
            Arrays.sort(sorted);
            int count = sorted.length;
            double median = count % 2 == 1 ? sorted[count / 2] : (sorted[count / 2 - 1] + sorted[count / 2]) / 2;
            return new Loads(median, eventsFetched, (double) commands / count);
        }
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
                         .withTarget(Target.atMost(100, Target.Reference.ABSOLUTE, "events"))
                         .withNote(String.format(Locale.ROOT, "every stream ends %d events after its last snapshot",
                                                 settings.snapshotEvery() - 1)));
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
