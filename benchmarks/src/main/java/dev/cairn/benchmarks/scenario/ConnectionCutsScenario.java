package dev.cairn.benchmarks.scenario;

import com.mongodb.client.MongoClient;
import dev.cairn.benchmarks.Contender;
import dev.cairn.benchmarks.internal.BenchEvents;
import dev.cairn.benchmarks.internal.CorrectnessWorkload;
import dev.cairn.benchmarks.internal.DeliveryWatch;
import dev.cairn.benchmarks.internal.Engines;
import dev.cairn.benchmarks.internal.LoopbackProxy;
import dev.cairn.benchmarks.internal.WriterPool;
import dev.cairn.benchmarks.report.ResultRow;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * {@code connection-cuts}: three writers append three-event commits through a loopback proxy that cuts every
 * connection periodically, while a reader on a direct connection streams. A writer whose append failed moves on to
 * a new aggregate (the failed append may or may not be stored). Counts acknowledged events lost, commits stored in
 * part, and the reader's duplicates and misses against what is stored.
 */
final class ConnectionCutsScenario implements Scenario {

    private static final int WRITERS = 3;
    private static final int EVENTS_PER_COMMIT = 3;

    /** What one contender's run counted. */
    record Counts(long acknowledged, long failed, long lost, long partial, long duplicates, long missed) {
    }

    @Override
    public String name() {
        return "connection-cuts";
    }

    @Override
    public String description() {
        return "every connection cut periodically under load: acknowledged events lost, partial commits, "
                + "reader duplicates and misses";
    }

    @Override
    public List<ResultRow> run(ScenarioContext context) throws Exception {
        CorrectnessWorkload workload = CorrectnessWorkload.of(context.settings());
        Map<Contender, Counts> counts = SideBySide.counts(context, contender -> run(contender, context, workload));
        String cuts = "cut every " + workload.cutEvery().toMillis() + " ms";
        return List.of(
                SideBySide.volume(name(), "commits acknowledged (" + cuts + ")", counts, Counts::acknowledged),
                SideBySide.volume(name(), "commits failed by a cut", counts, Counts::failed),
                SideBySide.never(name(), "acknowledged events lost", "events", counts, Counts::lost),
                SideBySide.never(name(), "commits stored in part", "commits", counts, Counts::partial),
                SideBySide.never(name(), "stored events delivered twice", "events", counts,
                                      Counts::duplicates),
                SideBySide.never(name(), "stored events never delivered", "events", counts, Counts::missed));
    }

    private static Counts run(Contender contender, ScenarioContext context, CorrectnessWorkload workload)
            throws Exception {
        String database = context.databaseName(contender);
        ScheduledExecutorService cutter = Executors.newSingleThreadScheduledExecutor();
        try (LoopbackProxy proxy = LoopbackProxy.start(context.connectionString(), Duration.ZERO);
             MongoClient cutClient = proxy.client()) {
            EventStorageEngine writerEngine = Engines.of(contender, cutClient, database);
            EventStorageEngine direct = Engines.of(contender, context.client(), database);
            Set<String> acknowledged = ConcurrentHashMap.newKeySet();
            ConcurrentLinkedQueue<List<String>> commits = new ConcurrentLinkedQueue<>();
            long[] failedByWriter = new long[WRITERS];
            try (DeliveryWatch reader = DeliveryWatch.start(Engines.of(contender, context.client(), database))) {
                long period = workload.cutEvery().toMillis();
                cutter.scheduleAtFixedRate(proxy::cutAll, period, period, TimeUnit.MILLISECONDS);
                String[] aggregates = new String[WRITERS];
                long[] next = new long[WRITERS];
                WriterPool.run(WRITERS, workload.writing(), (writer, iteration) -> {
                    if (aggregates[writer] == null) {
                        aggregates[writer] = "cut-" + writer + "-" + iteration;
                        next[writer] = 0;
                    }
                    List<DomainEventMessage<?>> commit =
                            BenchEvents.commit(aggregates[writer], next[writer], EVENTS_PER_COMMIT);
                    List<String> ids = commit.stream().map(EventMessage::getIdentifier).toList();
                    commits.add(ids);
                    try {
                        writerEngine.appendEvents(commit);
                    } catch (RuntimeException cut) {
                        failedByWriter[writer]++;
                        aggregates[writer] = null; // its state is unknown: continue on a new aggregate
                        return;
                    }
                    next[writer] += EVENTS_PER_COMMIT;
                    acknowledged.addAll(ids);
                });
                cutter.shutdownNow();
                Set<String> stored = new HashSet<>();
                direct.readEvents(null, false).forEach(event -> stored.add(event.getIdentifier()));
                reader.awaitAll(stored, workload.drain());
                long lost = acknowledged.stream().filter(id -> !stored.contains(id)).count();
                long partial = commits.stream().filter(ids -> {
                    long present = ids.stream().filter(stored::contains).count();
                    return present > 0 && present < ids.size();
                }).count();
                long failed = 0;
                for (long count : failedByWriter) {
                    failed += count;
                }
                return new Counts(acknowledged.size() / EVENTS_PER_COMMIT, failed, lost, partial,
                                  reader.duplicates(), reader.missing(stored));
            }
        } finally {
            cutter.shutdownNow();
        }
    }
}
