package dev.cairn.benchmarks.report;

import java.util.List;
import java.util.Map;

/**
 * Everything one benchmark run produced.
 *
 * @param mode      the run mode ({@code quick}, {@code full}, ...)
 * @param command   the command line that produced it
 * @param machine   facts about the machine and JVM
 * @param caveat    what the figures mean given the embedded server
 * @param scenarios per scenario: name, description, seconds taken and the error if it failed
 * @param rows      the measured figures
 */
public record Report(String mode, String command, Map<String, String> machine, String caveat,
                     List<ScenarioRun> scenarios, List<ResultRow> rows) {

    public Report {
        machine = Map.copyOf(machine);
        scenarios = List.copyOf(scenarios);
        rows = List.copyOf(rows);
    }

    /**
     * How one scenario run went.
     *
     * @param error the failure message, or null when it completed
     */
    public record ScenarioRun(String name, String description, double seconds, String error) {
    }

    /**
     * The columns of the table and of each JSON row, in order.
     */
    public static final List<String> COLUMNS = List.of("scenario", "metric", "better", "cairn", "raw", "axon_mongo",
                                                       "ratio_vs_raw", "ratio_vs_axon_mongo", "target", "verdict");
}
