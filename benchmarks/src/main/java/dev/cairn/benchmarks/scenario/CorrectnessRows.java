package dev.cairn.benchmarks.scenario;

import dev.cairn.benchmarks.Contender;
import dev.cairn.benchmarks.report.Better;
import dev.cairn.benchmarks.report.ResultRow;
import dev.cairn.benchmarks.report.Target;

import java.util.Map;
import java.util.function.ToLongFunction;

/**
 * Rows of the correctness scenarios: counts for Cairn and axon-mongo (the raw driver has no ordering or commit
 * guarantees to compare), with a target of zero on the counts of things that must never happen.
 */
final class CorrectnessRows {

    private CorrectnessRows() {
    }

    /**
     * @return a row of a count of {@code unit} that must be zero
     */
    static <C> ResultRow never(String scenario, String metric, String unit, Map<Contender, C> counts,
                               ToLongFunction<C> figure) {
        return of(scenario, metric, Better.LOWER, counts, figure)
                .withTarget(Target.atMost(0, Target.Reference.ABSOLUTE, unit));
    }

    /**
     * @return a row that tells how much work the count is about
     */
    static <C> ResultRow volume(String scenario, String metric, Map<Contender, C> counts, ToLongFunction<C> figure) {
        return of(scenario, metric, Better.HIGHER, counts, figure);
    }

    private static <C> ResultRow of(String scenario, String metric, Better better, Map<Contender, C> counts,
                                    ToLongFunction<C> figure) {
        return ResultRow.of(scenario, metric, better, (double) figure.applyAsLong(counts.get(Contender.CAIRN)), null,
                            (double) figure.applyAsLong(counts.get(Contender.AXON_MONGO)));
    }
}
