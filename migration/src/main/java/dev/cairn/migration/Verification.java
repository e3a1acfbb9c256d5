package dev.cairn.migration;

import java.util.List;

/**
 * The result of {@link AxonMongoMigration#verify()}: the source and target compared aggregate by aggregate.
 *
 * @param aggregates       aggregates in the source
 * @param sourceEvents     events in the source
 * @param targetEvents     migrated events in the target
 * @param sampledAggregates aggregates loaded through Axon from both stores and compared (0 without
 *                          {@link AxonMongoMigration.Builder#sampleLoading(SampleLoading)})
 * @param differences      every aggregate that differs, first difference first, each naming what differs
 * @param sourceProblems   what is wrong in the source itself: sequence holes, duplicate event identifiers (listed,
 *                         not repaired)
 */
public record Verification(long aggregates, long sourceEvents, long targetEvents, long sampledAggregates,
                           List<String> differences,
                           List<String> sourceProblems) {

    public Verification {
        differences = List.copyOf(differences);
        sourceProblems = List.copyOf(sourceProblems);
    }

    /** @return whether the target holds exactly the source's events and the source has no problems */
    public boolean matches() {
        return differences.isEmpty() && sourceProblems.isEmpty();
    }

    /** @return the first difference (or source problem), or {@code null} when all matches */
    public String firstDifference() {
        return !differences.isEmpty() ? differences.get(0) : sourceProblems.isEmpty() ? null : sourceProblems.get(0);
    }
}
