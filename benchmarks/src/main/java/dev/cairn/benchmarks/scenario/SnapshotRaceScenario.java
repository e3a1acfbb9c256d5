package dev.cairn.benchmarks.scenario;

import dev.cairn.benchmarks.Contender;
import dev.cairn.benchmarks.internal.BenchEvents;
import dev.cairn.benchmarks.internal.CorrectnessWorkload;
import dev.cairn.benchmarks.internal.Engines;
import dev.cairn.benchmarks.internal.ItemAdded;
import dev.cairn.benchmarks.report.ResultRow;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;

/**
 * {@code snapshot-race}: for each of many aggregates, two writers store a snapshot, the newer (sequence 20) first and
 * the older (sequence 10) right after it, as two nodes whose snapshotters finish out of order do. Counts the
 * aggregates whose snapshot, read back, is the older one.
 */
final class SnapshotRaceScenario implements Scenario {

    private static final long NEWER = 20;
    private static final long OLDER = 10;

    /** What one contender's run counted. */
    record Counts(long aggregates, long olderWon, long none) {
    }

    @Override
    public String name() {
        return "snapshot-race";
    }

    @Override
    public String description() {
        return "two writers store snapshots of one aggregate out of order: did the older replace the newer?";
    }

    @Override
    public List<ResultRow> run(ScenarioContext context) throws Exception {
        CorrectnessWorkload workload = CorrectnessWorkload.of(context.settings());
        Map<Contender, Counts> counts = SideBySide.counts(context, contender -> run(contender, context, workload.aggregates()));
        return List.of(
                SideBySide.volume(name(), "aggregates raced on", counts, Counts::aggregates),
                SideBySide.never(name(), "older snapshot read back instead of the newer", "aggregates", counts,
                                      Counts::olderWon),
                SideBySide.never(name(), "no snapshot read back", "aggregates", counts, Counts::none));
    }

    private static Counts run(Contender contender, ScenarioContext context, int aggregates) throws Exception {
        String database = context.databaseName(contender);
        EventStorageEngine first = Engines.of(contender, context.client(), database);
        EventStorageEngine second = Engines.of(contender, context.client(), database);
        long olderWon = 0;
        long none = 0;
        for (int aggregate = 0; aggregate < aggregates; aggregate++) {
            String id = "raced-" + aggregate;
            CountDownLatch newerStored = new CountDownLatch(1);
            CompletableFuture<Void> newer = CompletableFuture.runAsync(() -> {
                first.storeSnapshot(snapshot(id, NEWER));
                newerStored.countDown();
            });
            CompletableFuture<Void> older = CompletableFuture.runAsync(() -> {
                try {
                    newerStored.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                second.storeSnapshot(snapshot(id, OLDER));
            });
            CompletableFuture.allOf(newer, older).join();
            long read = first.readSnapshot(id).map(DomainEventMessage::getSequenceNumber).orElse(-1L);
            if (read == OLDER) {
                olderWon++;
            } else if (read != NEWER) {
                none++;
            }
        }
        return new Counts(aggregates, olderWon, none);
    }

    private static DomainEventMessage<?> snapshot(String aggregateId, long sequence) {
        return new GenericDomainEventMessage<>(BenchEvents.AGGREGATE_TYPE, aggregateId, sequence,
                                               ItemAdded.sample(aggregateId, sequence));
    }
}
