package dev.cairn.benchmarks;

import java.time.Duration;
import java.util.List;

/**
 * How long and how big a benchmark run is. The document counts are the same in every mode (the embedded server
 * scans whole collections for range and sort queries, so counts change what is measured); modes differ in warm-up,
 * measurement windows, repetitions and time caps.
 *
 * @param mode               the name printed with the results
 * @param warmUp             warm-up time of each contender in a throughput scenario
 * @param measure            measurement window of each contender in a throughput scenario
 * @param writerThreads      concurrent writers in the append scenarios
 * @param streamEvents       events stored and read back in the {@code stream} and {@code heap} scenarios
 * @param streamCap          longest a contender may stream before its figure is taken from the events read so far
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
                          Duration measure,
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
        if (writerThreads < 1 || streamEvents < 1 || snapshotEvery < 1 || loadRepetitions < 1 || sizeEvents < 1) {
            throw new IllegalArgumentException("RunSettings counts must be positive: " + this);
        }
        if (loadSizes == null || loadSizes.isEmpty() || loadSizes.stream().anyMatch(size -> size < 1)) {
            throw new IllegalArgumentException("RunSettings.loadSizes must hold positive lengths, not " + loadSizes);
        }
        loadSizes = List.copyOf(loadSizes);
    }

    /**
     * About two minutes on a 2-core machine.
     */
    public static RunSettings quick() {
        return new RunSettings("quick", Duration.ofSeconds(1), Duration.ofSeconds(3), 4, 100_000,
                               Duration.ofSeconds(10), List.of(100, 1_000, 10_000), 100, 5, 10_000, "256m",
                               Duration.ofSeconds(90), false);
    }

    /**
     * Longer windows, more repetitions, and every stream read to its end.
     */
    public static RunSettings full() {
        return new RunSettings("full", Duration.ofSeconds(5), Duration.ofSeconds(20), 4, 100_000,
                               Duration.ofMinutes(10), List.of(100, 1_000, 10_000), 100, 20, 10_000, "256m",
                               Duration.ofMinutes(15), true);
    }

    /**
     * Tiny figures that only prove the harness works end to end; never meaningful numbers.
     */
    public static RunSettings smoke() {
        return new RunSettings("smoke", Duration.ofMillis(100), Duration.ofMillis(300), 2, 500,
                               Duration.ofSeconds(10), List.of(10, 50), 10, 1, 200, "256m",
                               Duration.ofSeconds(60), false);
    }

    /**
     * @return these settings with another number of writer threads
     */
    public RunSettings withWriterThreads(int writers) {
        return new RunSettings(mode, warmUp, measure, writers, streamEvents, streamCap, loadSizes, snapshotEvery,
                               loadRepetitions, sizeEvents, heapLimit, heapCap, heapAxonMongo);
    }

    private static void requirePositive(Duration duration, String name) {
        if (duration == null || duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("RunSettings." + name + " must be positive, not " + duration);
        }
    }
}
