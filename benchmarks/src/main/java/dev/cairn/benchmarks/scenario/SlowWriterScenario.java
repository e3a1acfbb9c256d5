package dev.cairn.benchmarks.scenario;

import com.mongodb.client.MongoClient;
import dev.cairn.benchmarks.Contender;
import dev.cairn.benchmarks.internal.BenchEvents;
import dev.cairn.benchmarks.internal.CommandCounter;
import dev.cairn.benchmarks.internal.CorrectnessWorkload;
import dev.cairn.benchmarks.internal.DeliveryWatch;
import dev.cairn.benchmarks.internal.Engines;
import dev.cairn.benchmarks.internal.LoopbackProxy;
import dev.cairn.benchmarks.internal.WriterPool;
import dev.cairn.benchmarks.report.Better;
import dev.cairn.benchmarks.report.ResultRow;
import dev.cairn.eventstore.mongo.MongoEventStorageEngine;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code slow-writer}: two writers whose every request is held by a slow link (a delaying loopback proxy), three
 * fast writers at a steady pace, and one streaming reader that reads as a tracking processor does. Counts, per
 * contender, the events whose append was acknowledged but which the reader never delivered, and the events it
 * delivered twice; the slow appends acknowledged, against Cairn's same slow writers with the fast writers stopped
 * (issue 26: at least 0.5 of that); the most claims one slow commit lost; and the longest an acknowledged event waited
 * for the reader (issue 26: at most the slow link's round trip plus the gap timeout).
 */
final class SlowWriterScenario implements Scenario {

    private static final int SLOW_WRITERS = 2;
    private static final int FAST_WRITERS = 3;
    /**
     * Fast writers pause between appends: a reader far behind the head would pick up late events by accident, which
     * says nothing about a processor that keeps up.
     */
    private static final long FAST_PAUSE_MILLIS = 10;

    /**
     * What one contender's run counted.
     *
     * @param slowCommands the commands the slow writers' client sent while the writers wrote, by name
     * @param mostLost     the most claims one slow commit lost (Cairn), or {@code null}
     */
    record Counts(long slowAppends, long fastAppends, long missed, long duplicates,
                  CommandCounter.Counts slowCommands, Integer mostLost, long longestWaitMillis) {

        /**
         * @return commands on the slow link per acknowledged slow append (all of them when none was acknowledged)
         */
        double slowCommandsPerAppend() {
            return (double) slowCommands.total() / Math.max(1, slowAppends);
        }
    }

    @Override
    public String name() {
        return "slow-writer";
    }

    @Override
    public String description() {
        return "2 writers on a slow link, 3 fast ones, 1 streaming reader: events never delivered, delivered twice";
    }

    @Override
    public List<ResultRow> run(ScenarioContext context) throws Exception {
        CorrectnessWorkload workload = CorrectnessWorkload.of(context.settings());
        Counts alone = run(Contender.CAIRN, context, workload, 0);
        context.progress("cairn, slow writers alone: " + alone);
        context.dropDatabase(Contender.CAIRN);
        Map<Contender, Counts> counts = SideBySide.counts(context, contender -> run(contender, context, workload,
                                                                                      FAST_WRITERS));
        String link = "requests held " + workload.slowLink().toMillis() + " ms";
        Counts cairn = counts.get(Contender.CAIRN);
        return List.of(
                SideBySide.volume(name(), "slow appends acknowledged (" + link + ")", counts, Counts::slowAppends)
                          .withNote("issue 26's goal: at least 1.0x axon-mongo"),
                SideBySide.volume(name(), "fast appends acknowledged", counts, Counts::fastAppends),
                SideBySide.never(name(), "acknowledged events never delivered", "events", counts, Counts::missed),
                SideBySide.never(name(), "events delivered twice", "events", counts, Counts::duplicates),
                ResultRow.of(name(), "slow-link commands per acknowledged slow append", Better.LOWER,
                             counts.get(Contender.CAIRN).slowCommandsPerAppend(), null,
                             counts.get(Contender.AXON_MONGO).slowCommandsPerAppend())
                         .carryingOver()
                         .withNote("Cairn " + counts.get(Contender.CAIRN).slowCommands().breakdown()
                                            + "; axon-mongo " + counts.get(Contender.AXON_MONGO).slowCommands()
                                                                      .breakdown()),
                ResultRow.of(name(), "most claims lost by one slow commit", Better.LOWER,
                             mostLost(counts.get(Contender.CAIRN)), null, null)
                         .carryingOver()
                         .withNote("issue 26's goal: at most 3, lost merges included"),
                ResultRow.of(name(), "slow appends acknowledged, fast writers stopped (" + link + ")", Better.HIGHER,
                             (double) alone.slowAppends(), null, null),
                ResultRow.of(name(), "slow appends with fast writers / without", Better.HIGHER,
                             (double) cairn.slowAppends() / Math.max(1, alone.slowAppends()), null, null)
                         .withNote("issue 26's goal: at least 0.5"),
                ResultRow.of(name(), "longest wait from acknowledgment to delivery (ms)", Better.LOWER,
                             (double) cairn.longestWaitMillis(), null,
                             (double) counts.get(Contender.AXON_MONGO).longestWaitMillis())
                         .withNote("bounds the reader's longest stall at a hole; issue 26's bound: the slow link's "
                                           + "round trip plus the gap timeout"));
    }

    private static Double mostLost(Counts counts) {
        return counts.mostLost() == null ? null : counts.mostLost().doubleValue();
    }

    private static Counts run(Contender contender, ScenarioContext context, CorrectnessWorkload workload,
                              int fastWriters) throws Exception {
        String database = context.databaseName(contender);
        CommandCounter slowCommands = new CommandCounter();
        try (LoopbackProxy proxy = LoopbackProxy.start(context.connectionString(), workload.slowLink());
             MongoClient slowClient = proxy.client(slowCommands)) {
            EventStorageEngine fast = Engines.of(contender, context.client(), database);
            EventStorageEngine slow = Engines.of(contender, slowClient, database);
            Map<String, Long> acknowledgedAt = new ConcurrentHashMap<>();
            Set<String> acknowledged = acknowledgedAt.keySet();
            AtomicLong slowAppends = new AtomicLong();
            AtomicLong fastAppends = new AtomicLong();
            try (DeliveryWatch reader = DeliveryWatch.start(Engines.of(contender, context.client(), database))) {
                slowCommands.open();
                WriterPool.run(SLOW_WRITERS + fastWriters, workload.writing(), (writer, iteration) -> {
                    boolean isSlow = writer < SLOW_WRITERS;
                    List<DomainEventMessage<?>> commit = BenchEvents.commit("writer-" + writer, iteration, 1);
                    (isSlow ? slow : fast).appendEvents(commit);
                    long now = System.nanoTime();
                    commit.forEach(event -> acknowledgedAt.put(event.getIdentifier(), now));
                    (isSlow ? slowAppends : fastAppends).incrementAndGet();
                    if (!isSlow) {
                        Thread.sleep(FAST_PAUSE_MILLIS); // a steady load the reader keeps up with, as processors do
                    }
                });
                CommandCounter.Counts sent = slowCommands.close();
                reader.awaitAll(acknowledged, workload.drain());
                Integer mostLost = slow instanceof MongoEventStorageEngine cairn
                        ? cairn.mostClaimsLostByOneCommit() : null;
                return new Counts(slowAppends.get(), fastAppends.get(), reader.missing(acknowledged),
                                  reader.duplicates(), sent, mostLost, reader.longestWaitMillis(acknowledgedAt));
            }
        }
    }
}
