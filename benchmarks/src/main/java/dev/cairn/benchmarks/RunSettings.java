package dev.cairn.benchmarks;

import java.time.Duration;
import java.util.List;

/**
 * How long and how big a benchmark run is. The document counts are the same in every mode (the embedded server
 * scans whole collections for range and sort queries, so counts change what is measured); modes differ in warm-up,
 * measurement windows, repetitions and time caps.
 * <p>
 * The {@code append} and {@code stream} scenarios interleave the contenders (ADR 0021): {@code warmUpRounds} rounds
 * in which every contender in turn works for {@code warmUp}, then {@code measureRounds} measured rounds in which
 * every contender in turn works for {@code measure}, the starting contender rotating from round to round. A
 * contender's warm-up therefore lasts {@code warmUpRounds × warmUp} and its measurement {@code measureRounds ×
 * measure}, while the shared JIT warms up for all three together.
 *
 * @param mode               the name printed with the results
 * @param warmUp             length of one contender's turn in a warm-up round (a warm-up read stops after it)
 * @param warmUpRounds       warm-up rounds before anything is measured
 * @param measure            length of one contender's turn in a measured round of an append scenario
 * @param measureRounds      measured rounds, whose figures are summed per contender
 * @param writerThreads      concurrent writers in the append scenarios
 * @param streamEvents       events stored and read back in the {@code stream} and {@code heap} scenarios
 * @param streamCap          longest a contender may stream in total over its measured reads (each read gets an
 *                           equal share) before its figure is taken from the events read so far
 * @param loadSizes          aggregate stream lengths of the {@code load} scenario
 * @param snapshotEvery      events between two snapshots in the {@code load} scenario
 * @param loadRepetitions    measured loads per aggregate (the median is reported)
 * @param sizeEvents         events stored by each contender in the {@code size} scenario
 * @param heapLimit          the {@code -Xmx} of the child JVM of the {@code heap} scenario
 * @param heapCap            longest a child JVM of the {@code heap} scenario may run
 * @param heapAxonMongo      whether the {@code heap} scenario also streams through axon-mongo (slow on the
 *                           embedded server)
 */
public record RunSettings(String mode,
                          Duration warmUp,
                          int warmUpRounds,
                          Duration measure,
                          int measureRounds,
                          int writerThreads,
                          int streamEvents,
                          Duration streamCap,
                          List<Integer> loadSizes,
                          int snapshotEvery,
                          int loadRepetitions,
                          int sizeEvents,
                          String heapLimit,
                          Duration heapCap,
                          boolean heapAxonMongo) {

    public RunSettings {
        if (mode == null || mode.isBlank()) {
            throw new IllegalArgumentException("RunSettings.mode may not be blank");
        }
        requirePositive(warmUp, "warmUp");
        requirePositive(measure, "measure");
        requirePositive(streamCap, "streamCap");
        requirePositive(heapCap, "heapCap");
        if (warmUpRounds < 0 || measureRounds < 1) {
            throw new IllegalArgumentException("RunSettings needs at least one measured round and no negative "
                                                       + "warm-up rounds: " + this);
        }
        if (writerThreads < 1 || streamEvents < 1 || snapshotEvery < 1 || loadRepetitions < 1 || sizeEvents < 1) {
            throw new IllegalArgumentException("RunSettings counts must be positive: " + this);
        }
        if (loadSizes == null || loadSizes.isEmpty() || loadSizes.stream().anyMatch(size -> size < 1)) {
            throw new IllegalArgumentException("RunSettings.loadSizes must hold positive lengths, not " + loadSizes);
        }
        loadSizes = List.copyOf(loadSizes);
    }

    /**
     * A little over two minutes on a 2-core machine: 5 s of warm-up and 3 s of measurement per contender in the
     * append scenarios, in rounds of 1 s.
     */
    public static RunSettings quick() {
        return new RunSettings("quick", Duration.ofSeconds(1), 5, Duration.ofSeconds(1), 3, 4, 100_000,
                               Duration.ofSeconds(10), List.of(100, 1_000, 10_000), 100, 5, 10_000, "256m",
                               Duration.ofSeconds(90), false);
    }

    /**
     * Longer windows, more repetitions, and every stream read to its end.
     */
    public static RunSettings full() {
        return new RunSettings("full", Duration.ofSeconds(2), 8, Duration.ofSeconds(4), 5, 4, 100_000,
                               Duration.ofMinutes(10), List.of(100, 1_000, 10_000), 100, 20, 10_000, "256m",
                               Duration.ofMinutes(15), true);
    }

    /**
     * Tiny figures that only prove the harness works end to end; never meaningful numbers.
     */
    public static RunSettings smoke() {
        return new RunSettings("smoke", Duration.ofMillis(100), 2, Duration.ofMillis(100), 3, 2, 500,
                               Duration.ofSeconds(10), List.of(10, 50), 10, 1, 200, "256m",
                               Duration.ofSeconds(60), false);
    }

    /**
     * @return these settings with another number of writer threads
     */
    public RunSettings withWriterThreads(int writers) {
        return new RunSettings(mode, warmUp, warmUpRounds, measure, measureRounds, writers, streamEvents, streamCap, loadSizes, snapshotEvery,
                               loadRepetitions, sizeEvents, heapLimit, heapCap, heapAxonMongo);
    }

    /**
     * @return each contender's share of {@link #streamCap()} for one measured read
     */
    public Duration streamCapPerRound() {
        return streamCap.dividedBy(measureRounds);
    }

    private static void requirePositive(Duration duration, String name) {
        if (duration == null || duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("RunSettings." + name + " must be positive, not " + duration);
        }
    }
}
