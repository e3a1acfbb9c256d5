package dev.cairn.benchmarks.scenario;

import com.mongodb.client.MongoCollection;
import dev.cairn.benchmarks.Contender;
import dev.cairn.benchmarks.internal.BenchEvents;
import dev.cairn.benchmarks.internal.Engines;
import dev.cairn.benchmarks.internal.RawEvents;
import dev.cairn.benchmarks.report.Better;
import dev.cairn.benchmarks.report.ResultRow;
import dev.cairn.benchmarks.report.Target;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.bson.BsonDocument;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * {@code append-1} and {@code append-10}: commits of one or ten events of one aggregate from several writer threads
 * for a fixed time. Cairn and axon-mongo append through {@link EventStorageEngine#appendEvents(List)}; the raw driver
 * inserts the same event documents with {@code insertOne} (one event) or {@code insertMany} (ten).
 */
final class AppendScenario implements Scenario {

    private static final int EVENTS_PER_AGGREGATE = 100;

    private final String name;
    private final int eventsPerCommit;

    AppendScenario(String name, int eventsPerCommit) {
        this.name = name;
        this.eventsPerCommit = eventsPerCommit;
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
        Map<Contender, Double> rates = new EnumMap<>(Contender.class);
        Map<Contender, Double> commandsPerEvent = new EnumMap<>(Contender.class);
        List<String> breakdowns = new ArrayList<>();
        for (Contender contender : Contender.values()) {
            Consumer<List<DomainEventMessage<?>>> appender = appender(contender, context);
            write(appender, "warm-" + contender.label(), context.settings().warmUp(), context);
            ScenarioContext.Counted<long[]> measured = context.counted(
                    () -> write(appender, "run-" + contender.label(), context.settings().measure(), context));
            long events = measured.result()[0];
            context.progress(contender.label() + ": " + events + " events");
            double seconds = measured.result()[1] / 1e9;
            rates.put(contender, events / seconds);
            commandsPerEvent.put(contender, (double) measured.commands().total() / events);
            breakdowns.add(contender.label() + ": " + measured.commands().breakdown() + " for " + events + " events");
            context.dropDatabase(contender);
        }
        int writers = context.settings().writerThreads();
        ResultRow throughput = ResultRow.of(name, "events/s (" + writers + " writers)", Better.HIGHER,
                                            rates.get(Contender.CAIRN), rates.get(Contender.RAW),
                                            rates.get(Contender.AXON_MONGO));
        ResultRow commands = ResultRow.of(name, "server commands/event", Better.LOWER,
                                          commandsPerEvent.get(Contender.CAIRN), commandsPerEvent.get(Contender.RAW),
                                          commandsPerEvent.get(Contender.AXON_MONGO))
                                      .carryingOver()
                                      .withNote(String.join("; ", breakdowns));
        if (eventsPerCommit == 1) {
            throughput = throughput.withTarget(Target.atLeast(1.0, Target.Reference.RAW));
            commands = commands.withTarget(Target.atMost(1.0, Target.Reference.ABSOLUTE, "cmd/event"));
        }
        throughput = throughput.withTarget(Target.atLeast(1.5, Target.Reference.AXON_MONGO));
        return List.of(throughput, commands);
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
        EventStorageEngine engine = Engines.of(contender, context.client(), context.databaseName(contender));
        return engine::appendEvents;
    }

    /**
     * Writes commits from every writer thread until {@code duration} has passed.
     *
     * @return events written and elapsed nanoseconds
     */
    private long[] write(Consumer<List<DomainEventMessage<?>>> appender, String prefix, Duration duration,
                         ScenarioContext context) throws Exception {
        int writers = context.settings().writerThreads();
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
