package dev.cairn.benchmarks.scenario;

import com.mongodb.client.MongoCollection;
import dev.cairn.benchmarks.Contender;
import dev.cairn.benchmarks.RunSettings;
import dev.cairn.benchmarks.internal.BenchEvents;
import dev.cairn.benchmarks.internal.CommandCounter;
import dev.cairn.benchmarks.internal.Engines;
import dev.cairn.benchmarks.internal.RawEvents;
import dev.cairn.benchmarks.internal.Rotation;
import dev.cairn.benchmarks.internal.Tally;
import dev.cairn.benchmarks.report.Better;
import dev.cairn.benchmarks.report.ResultRow;
import dev.cairn.benchmarks.report.Target;
import dev.cairn.eventstore.mongo.MongoEventStorageEngine;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.bson.BsonDocument;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.ToDoubleFunction;

/**
 * {@code append-1} and {@code append-10}: commits of one or ten events of one aggregate from several writer threads
 * for a fixed time. Cairn and axon-mongo append through {@link EventStorageEngine#appendEvents(List)}; the raw driver
 * inserts the same event documents with {@code insertOne} (one event) or {@code insertMany} (ten).
 * <p>
 * The contenders share one JIT (the embedded server's code above all), so they are interleaved (ADR 0021): warm-up
 * rounds and then measured rounds give each contender a short window in turn, the first turn of each round rotating.
 * Every turn writes to a fresh store that is dropped after it. A contender's figures are its events, time and
 * commands summed over the measured rounds.
 */
final class AppendScenario implements Scenario {

    private static final int EVENTS_PER_AGGREGATE = 100;

    private final String name;
    private final int eventsPerCommit;
    private final Integer writers;
    private final int nodes;
    private final List<MongoEventStorageEngine> turnEngines = new ArrayList<>();
    private long measuredLostClaims;
    private int mostLostByOneCommit;
    private long measuredCairnCommits;

    /**
     * @param writers the writer threads, or {@code null} for the run's {@link RunSettings#writerThreads()}
     * @param nodes   engines per contender sharing the store (Cairn's nodes claim indexes from each other), the
     *                writer threads split evenly among them
     */
    AppendScenario(String name, int eventsPerCommit, Integer writers, int nodes) {
        this.name = name;
        this.eventsPerCommit = eventsPerCommit;
        this.writers = writers;
        this.nodes = nodes;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String description() {
        return eventsPerCommit + "-event commits from concurrent writers: events/s and server commands per event";
    }

    @Override
    public List<ResultRow> run(ScenarioContext context) throws Exception {
        RunSettings settings = writers == null ? context.settings() : context.settings().withWriterThreads(writers);
        List<Contender> contenders = List.of(Contender.values());
        for (int round = 0; round < settings.warmUpRounds(); round++) {
            List<String> rates = new ArrayList<>();
            for (Contender contender : Rotation.of(contenders, round)) {
                long[] written = turn(contender, "warm-" + round, settings, false, context).result();
                rates.add(contender.label() + " " + perSecond(written[0], written[1]));
            }
            context.progress(String.format("warm-up %d/%d events/s: %s", round + 1, settings.warmUpRounds(),
                                           String.join(" / ", rates)));
        }
        Map<Contender, Tally> tallies = new EnumMap<>(Contender.class);
        contenders.forEach(contender -> tallies.put(contender, Tally.empty()));
        for (int round = 0; round < settings.measureRounds(); round++) {
            List<String> rates = new ArrayList<>();
            for (Contender contender : Rotation.of(contenders, round)) {
                ScenarioContext.Counted<long[]> measured =
                        turn(contender, "run-" + round, settings, true, context);
                long[] written = measured.result();
                if (contender == Contender.CAIRN) {
                    measuredLostClaims += turnEngines.stream().mapToLong(MongoEventStorageEngine::lostClaims).sum();
                    mostLostByOneCommit = Math.max(mostLostByOneCommit, turnEngines.stream().mapToInt(
                            MongoEventStorageEngine::mostClaimsLostByOneCommit).max().orElse(0));
                    measuredCairnCommits += written[0] / eventsPerCommit;
                }
                tallies.compute(contender, (key, tally) -> tally.plus(written[0], written[1], measured.commands(),
                                                                      true));
                rates.add(contender.label() + " " + perSecond(written[0], written[1]));
            }
            context.progress(String.format("measured %d/%d events/s: %s", round + 1, settings.measureRounds(),
                                           String.join(" / ", rates)));
        }
        return rows(tallies, settings.writerThreads());
    }

    /**
     * One contender's turn in a round: a fresh store (indexes created, not timed), {@code window} of writing, then
     * the store dropped and the heap collected (not timed), so that every turn starts from the same empty server
     * and no turn pays for the garbage of the one before it.
     *
     * @param measured whether the turn's commands are counted
     * @return the events written and the nanoseconds taken; the commands sent when measured, none otherwise
     */
    private ScenarioContext.Counted<long[]> turn(Contender contender, String round, RunSettings settings,
                                                 boolean measured, ScenarioContext context) throws Exception {
        Duration window = measured ? settings.measure() : settings.warmUp();
        int writerThreads = settings.writerThreads();
        Consumer<List<DomainEventMessage<?>>> appender = appender(contender, context);
        String prefix = round + "-" + contender.label();
        try {
            if (measured) {
                return context.counted(() -> write(appender, prefix, window, writerThreads));
            }
            return new ScenarioContext.Counted<>(write(appender, prefix, window, writerThreads),
                                                 CommandCounter.Counts.none());
        } finally {
            context.dropDatabase(contender);
            System.gc();
        }
    }

    private List<ResultRow> rows(Map<Contender, Tally> tallies, int writers) {
        List<String> breakdowns = new ArrayList<>();
        tallies.forEach((contender, tally) -> breakdowns.add(
                contender.label() + ": " + tally.commands().breakdown() + " for " + tally.events() + " events"));
        String scenario = "append-" + eventsPerCommit;
        String setup = writers + " writers" + (nodes > 1 ? ", " + nodes + " nodes" : "");
        ResultRow throughput = ResultRow.of(scenario, "events/s (" + setup + ")", Better.HIGHER,
                                            figure(tallies, Contender.CAIRN, Tally::eventsPerSecond),
                                            figure(tallies, Contender.RAW, Tally::eventsPerSecond),
                                            figure(tallies, Contender.AXON_MONGO, Tally::eventsPerSecond));
        ResultRow commands = ResultRow.of(scenario, "server commands/event (" + setup + ")", Better.LOWER,
                                          figure(tallies, Contender.CAIRN, Tally::commandsPerEvent),
                                          figure(tallies, Contender.RAW, Tally::commandsPerEvent),
                                          figure(tallies, Contender.AXON_MONGO, Tally::commandsPerEvent))
                                      .carryingOver()
                                      .withNote(String.join("; ", breakdowns));
        if (nodes > 1) {
            Double lostPerHundred = measuredCairnCommits == 0 ? null : 100.0 * measuredLostClaims / measuredCairnCommits;
            ResultRow lost = ResultRow.of(scenario, "lost claims per 100 commits (" + setup + ")", Better.LOWER,
                                          lostPerHundred, null, null)
                                      .withNote("Cairn's nodes lay rounds out above the head each knows; a claim the "
                                                        + "other node took first is refreshed and laid out again");
            ResultRow mostLost = ResultRow.of(scenario, "most claims lost by one commit (" + setup + ")",
                                              Better.LOWER, measuredCairnCommits == 0 ? null
                                                      : (double) mostLostByOneCommit, null, null)
                                          .withNote("issue 26's goal: at most 3");
            return List.of(throughput, commands, lost, mostLost);
        }
        // issue 15's goals: at least axon-mongo with 4 writers, 1.3x with 16; ten-event commits 1.2x
        if (eventsPerCommit == 1) {
            commands = commands.withTarget(Target.atMost(1.0, Target.Reference.ABSOLUTE, "cmd/event"));
            throughput = throughput.withTarget(Target.atLeast(writers >= 16 ? 1.3 : 1.0,
                                                              Target.Reference.AXON_MONGO));
        } else {
            throughput = throughput.withTarget(Target.atLeast(1.2, Target.Reference.AXON_MONGO));
        }
        return List.of(throughput, commands);
    }

    private static Double figure(Map<Contender, Tally> tallies, Contender contender, ToDoubleFunction<Tally> value) {
        Tally tally = tallies.get(contender);
        return tally == null || tally.events() == 0 ? null : value.applyAsDouble(tally);
    }

    private static String perSecond(long events, long nanos) {
        return String.format(Locale.ROOT, "%,.0f", events / (nanos / 1e9));
    }

    private Consumer<List<DomainEventMessage<?>>> appender(Contender contender, ScenarioContext context) {
        if (contender == Contender.RAW) {
            MongoCollection<BsonDocument> events = context.database(contender).getCollection("events",
                                                                                             BsonDocument.class);
            RawEvents.createIndexes(events);
            if (eventsPerCommit == 1) {
                return commit -> events.insertOne(RawEvents.document(commit.get(0)));
            }
            return commit -> events.insertMany(commit.stream().map(RawEvents::document).toList());
        }
        turnEngines.clear();
        List<EventStorageEngine> engines = new ArrayList<>();
        for (int node = 0; node < nodes; node++) {
            EventStorageEngine engine = Engines.of(contender, context.client(), context.databaseName(contender));
            engines.add(engine);
            if (engine instanceof MongoEventStorageEngine cairn) {
                turnEngines.add(cairn);
            }
        }
        if (engines.size() == 1) {
            return engines.get(0)::appendEvents;
        }
        // each writer thread stays on one node
        AtomicInteger threads = new AtomicInteger();
        ThreadLocal<EventStorageEngine> node = ThreadLocal.withInitial(
                () -> engines.get(threads.getAndIncrement() % engines.size()));
        return commit -> node.get().appendEvents(commit);
    }

    /**
     * Writes commits from every writer thread until {@code duration} has passed.
     *
     * @return events written and elapsed nanoseconds
     */
    private long[] write(Consumer<List<DomainEventMessage<?>>> appender, String prefix, Duration duration,
                         int writers) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            long start = System.nanoTime();
            long deadline = start + duration.toNanos();
            List<Future<Long>> results = new ArrayList<>();
            for (int writer = 0; writer < writers; writer++) {
                String writerPrefix = prefix + "-" + writer + "-";
                results.add(pool.submit(() -> writeUntil(appender, writerPrefix, deadline)));
            }
            long events = 0;
            for (Future<Long> result : results) {
                events += result.get();
            }
            return new long[]{events, System.nanoTime() - start};
        } finally {
            pool.shutdownNow();
        }
    }

    private long writeUntil(Consumer<List<DomainEventMessage<?>>> appender, String prefix, long deadline) {
        long events = 0;
        int aggregate = 0;
        long sequence = 0;
        while (System.nanoTime() < deadline) {
            appender.accept(BenchEvents.commit(prefix + aggregate, sequence, eventsPerCommit));
            events += eventsPerCommit;
            sequence += eventsPerCommit;
            if (sequence >= EVENTS_PER_AGGREGATE) {
                aggregate++;
                sequence = 0;
            }
        }
        return events;
    }
}
