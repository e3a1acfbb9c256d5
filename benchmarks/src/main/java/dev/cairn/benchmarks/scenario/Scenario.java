package dev.cairn.benchmarks.scenario;

import dev.cairn.benchmarks.report.ResultRow;

import java.util.List;

/**
 * One benchmark scenario. The harness gives each run a fresh embedded server ({@link ScenarioContext}); the scenario
 * warms up and measures every contender on it, and returns its figures side by side.
 * <p>
 * Cairn's side goes through Axon's API ({@code EventStorageEngine}, {@code EventSourcingRepository}), so engine
 * improvements show up without changing a scenario.
 */
public interface Scenario {

    /**
     * @return the name used on the command line, in the table and in the JSON report, e.g. {@code append-1}
     */
    String name();

    /**
     * @return one line saying what is measured
     */
    String description();

    /**
     * Runs the scenario on a fresh server.
     *
     * @return the measured figures, one row per metric
     * @throws Exception when the scenario cannot complete; the harness reports it and goes on with the next one
     */
    List<ResultRow> run(ScenarioContext context) throws Exception;
}
