package dev.cairn.benchmarks.scenario;

import dev.cairn.benchmarks.Contender;
import dev.cairn.benchmarks.report.Better;
import dev.cairn.benchmarks.report.ResultRow;
import dev.cairn.benchmarks.report.Target;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;

/**
 * Runs a correctness scenario for Cairn and axon-mongo in turn (the raw driver has no ordering or commit guarantees
 * to compare) and builds its rows: counts, with a target of zero on the counts of things that must never happen.
 */
final class SideBySide {

    /**
     * One contender's run of a scenario.
     *
     * @param <C> what the run counted
     */
    @FunctionalInterface
    interface Run<C> {
        C on(Contender contender) throws Exception;
    }

    private SideBySide() {
    }

    /**
     * Runs {@code run} for Cairn, then axon-mongo, each in its own database, dropped afterwards.
     *
     * @return each contender's counts
     */
    static <C> Map<Contender, C> counts(ScenarioContext context, Run<C> run) throws Exception {
        Map<Contender, C> counts = new EnumMap<>(Contender.class);
        for (Contender contender : List.of(Contender.CAIRN, Contender.AXON_MONGO)) {
            counts.put(contender, run.on(contender));
            context.progress(contender.label() + ": " + counts.get(contender));
            context.dropDatabase(contender);
        }
        return counts;
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
