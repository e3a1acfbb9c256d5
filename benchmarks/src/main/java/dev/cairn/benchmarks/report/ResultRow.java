package dev.cairn.benchmarks.report;

import java.util.ArrayList;
import java.util.List;

/**
 * One measured figure of a scenario for every contender, with the ratios and targets derived from it.
 *
 * @param scenario  the scenario name, e.g. {@code append-1}
 * @param metric    what is measured, e.g. {@code events/s}
 * @param better    which way the figure improves
 * @param cairn     Cairn's figure, or null when not measured
 * @param raw       the raw driver's figure, or null when there is no raw equivalent
 * @param axonMongo axon-mongo's figure, or null when not measured
 * @param targets   goals for Cairn's figure (may be empty)
 * @param carriesOver whether the figure carries over to a real MongoDB (server commands, stored bytes)
 * @param note      what a reader must know about the figure (partial runs, method), or empty
 */
public record ResultRow(String scenario, String metric, Better better, Double cairn, Double raw, Double axonMongo,
                        List<Target> targets, boolean carriesOver, String note) {

    public ResultRow {
        if (scenario == null || scenario.isBlank() || metric == null || metric.isBlank() || better == null) {
            throw new IllegalArgumentException("ResultRow needs a scenario, a metric and a direction");
        }
        targets = targets == null ? List.of() : List.copyOf(targets);
        note = note == null ? "" : note;
    }

    public static ResultRow of(String scenario, String metric, Better better, Double cairn, Double raw,
                               Double axonMongo) {
        return new ResultRow(scenario, metric, better, cairn, raw, axonMongo, List.of(), false, "");
    }

    public ResultRow withTarget(Target target) {
        List<Target> all = new ArrayList<>(targets);
        all.add(target);
        return new ResultRow(scenario, metric, better, cairn, raw, axonMongo, all, carriesOver, note);
    }

    public ResultRow carryingOver() {
        return new ResultRow(scenario, metric, better, cairn, raw, axonMongo, targets, true, note);
    }

    public ResultRow withNote(String text) {
        String joined = note.isEmpty() ? text : note + "; " + text;
        return new ResultRow(scenario, metric, better, cairn, raw, axonMongo, targets, carriesOver, joined);
    }

    /** Cairn's figure divided by the raw driver's, or null. */
    public Double ratioVsRaw() {
        return ratio(raw);
    }

    /** Cairn's figure divided by axon-mongo's, or null. */
    public Double ratioVsAxonMongo() {
        return ratio(axonMongo);
    }

    /**
     * @return one verdict per target: {@code met}, {@code MISSED} with by how much, or {@code n/a}
     */
    public List<String> verdicts() {
        List<String> verdicts = new ArrayList<>();
        for (Target target : targets) {
            Double attainment = target.attainment(cairn, raw, axonMongo);
            if (attainment == null) {
                verdicts.add("n/a");
            } else if (attainment >= 1.0) {
                verdicts.add("met");
            } else {
                verdicts.add(target.better() == Better.HIGHER
                                     ? String.format("MISSED (reaches %.0f%%)", attainment * 100)
                                     : String.format("MISSED (%.2fx over)", 1 / attainment));
            }
        }
        return verdicts;
    }

    private Double ratio(Double baseline) {
        if (cairn == null || baseline == null || baseline == 0) {
            return null;
        }
        return cairn / baseline;
    }
}
