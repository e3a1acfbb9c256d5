package dev.cairn.benchmarks.internal;

import dev.cairn.benchmarks.RunSettings;

import java.time.Duration;

/**
 * The size of a correctness scenario's run, by the run's mode: the smoke run only proves the scenario works, the
 * quick and full runs are long enough for the races to happen many times.
 *
 * @param writing    how long the writers write
 * @param slowLink   how long the slow link holds each request
 * @param cutEvery   how often every proxied connection is cut
 * @param drain      how long the reader may take to deliver what was acknowledged, after the writers stopped
 * @param aggregates aggregates raced on in the snapshot scenario
 */
public record CorrectnessWorkload(Duration writing, Duration slowLink, Duration cutEvery, Duration drain,
                                  int aggregates) {

    public static CorrectnessWorkload of(RunSettings settings) {
        return switch (settings.mode()) {
            case "smoke" -> new CorrectnessWorkload(Duration.ofMillis(1_500), Duration.ofMillis(300),
                                                    Duration.ofMillis(300), Duration.ofSeconds(3), 20);
            case "full" -> new CorrectnessWorkload(Duration.ofSeconds(20), Duration.ofMillis(1_500),
                                                   Duration.ofSeconds(1), Duration.ofSeconds(10), 1_000);
            default -> new CorrectnessWorkload(Duration.ofSeconds(6), Duration.ofMillis(1_500),
                                               Duration.ofSeconds(1), Duration.ofSeconds(6), 200);
        };
    }
}
