package dev.cairn.benchmarks.scenario;

import dev.cairn.benchmarks.Contender;
import dev.cairn.benchmarks.internal.BenchEvents;
import dev.cairn.benchmarks.internal.CorrectnessWorkload;
import dev.cairn.benchmarks.internal.DeliveryWatch;
import dev.cairn.benchmarks.internal.Engines;
import dev.cairn.benchmarks.internal.WriterPool;
import dev.cairn.benchmarks.report.ResultRow;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code rejected-commit}: four writers append two events per commit, the first to a new aggregate of their own, the
 * second to one aggregate they all share at the sequence number they last saw, so that concurrent commits conflict
 * on it and are rejected. Counts the events of rejected commits that were stored anyway (half-written commits) and
 * those a streaming reader delivered.
 */
final class RejectedCommitScenario implements Scenario {

    private static final int WRITERS = 4;
    private static final String SHARED = "shared-order";

    /** What one contender's run counted. */
    record Counts(long accepted, long rejected, long storedFromRejected, long deliveredFromRejected) {
    }

    @Override
    public String name() {
        return "rejected-commit";
    }

    @Override
    public String description() {
        return "commits of two aggregates, one conflicting: events of rejected commits stored, and delivered";
    }

    @Override
    public List<ResultRow> run(ScenarioContext context) throws Exception {
        CorrectnessWorkload workload = CorrectnessWorkload.of(context.settings());
        Map<Contender, Counts> counts = SideBySide.counts(context, contender -> run(contender, context, workload));
        return List.of(
                SideBySide.volume(name(), "commits accepted", counts, Counts::accepted),
                SideBySide.volume(name(), "commits rejected (conflict)", counts, Counts::rejected),
                SideBySide.never(name(), "events of rejected commits stored", "events", counts,
                                      Counts::storedFromRejected),
                SideBySide.never(name(), "events of rejected commits delivered", "events", counts,
                                      Counts::deliveredFromRejected));
    }

    private static Counts run(Contender contender, ScenarioContext context, CorrectnessWorkload workload)
            throws Exception {
        String database = context.databaseName(contender);
        EventStorageEngine engine = Engines.of(contender, context.client(), database);
        AtomicLong sharedSequence = new AtomicLong();
        AtomicLong accepted = new AtomicLong();
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        Set<String> rejected = ConcurrentHashMap.newKeySet();
        try (DeliveryWatch reader = DeliveryWatch.start(Engines.of(contender, context.client(), database))) {
            WriterPool.run(WRITERS, workload.writing(), (writer, iteration) -> {
                long sequence = sharedSequence.get();
                List<DomainEventMessage<?>> commit = new ArrayList<>(
                        BenchEvents.commit("own-" + writer + "-" + iteration, 0, 1));
                commit.addAll(BenchEvents.commit(SHARED, sequence, 1));
                try {
                    engine.appendEvents(commit);
                } catch (RuntimeException conflict) {
                    commit.stream().map(EventMessage::getIdentifier).forEach(rejected::add);
                    return;
                }
                sharedSequence.compareAndSet(sequence, sequence + 1);
                accepted.incrementAndGet();
                commit.stream().map(EventMessage::getIdentifier).forEach(acknowledged::add);
            });
            reader.awaitAll(acknowledged, workload.drain());
            Set<String> stored = new java.util.HashSet<>();
            engine.readEvents(null, false).forEach(event -> stored.add(event.getIdentifier()));
            long storedFromRejected = rejected.stream().filter(stored::contains).count();
            return new Counts(accepted.get(), rejected.size() / 2, storedFromRejected,
                              reader.deliveredOf(rejected));
        }
    }
}
