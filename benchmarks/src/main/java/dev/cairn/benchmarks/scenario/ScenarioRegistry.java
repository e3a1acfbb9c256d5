package dev.cairn.benchmarks.scenario;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The scenarios the harness knows, in the order a full run executes them. Later scenarios (projection rebuild,
 * end-to-end latency) are added here with {@link #register(String, Supplier)}; {@code tenants-catch-up} (ADR 85)
 * runs after {@code projection-latency}.
 */
public final class ScenarioRegistry {

    private final Map<String, Supplier<Scenario>> scenarios = new LinkedHashMap<>();

    /**
     * @return the registry of the built-in scenarios: {@code append-1}, {@code append-1-16w} (16 writers), {@code append-1-2nodes} (two engines sharing the store), {@code append-10}, {@code stream},
     * {@code stream-upcast}, {@code load}, {@code size}, {@code heap}, {@code projection}, {@code projection-latency},
     * {@code slow-writer}, {@code two-zones}, {@code migration}, {@code tenants-append} and {@code relay} (among others)
     */
    public static ScenarioRegistry builtIn() {
        return new ScenarioRegistry()
                .register("append-1", () -> new AppendScenario("append-1", 1, null, 1))
                .register("append-1-16w", () -> new AppendScenario("append-1-16w", 1, 16, 1))
                .register("append-1-2nodes", () -> new AppendScenario("append-1-2nodes", 1, null, 2))
                .register("append-10", () -> new AppendScenario("append-10", 10, null, 1))
                .register("stream", StreamScenario::new)
                .register("stream-upcast", UpcastStreamScenario::new)
                .register("load", LoadScenario::new)
                .register("size", SizeScenario::new)
                .register("heap", HeapScenario::new)
                .register("projection", ProjectionScenario::new)
                .register("projection-latency", ProjectionLatencyScenario::new)
                .register("tenants-catch-up", CrossTenantCatchUpScenario::new)
                .register("slow-writer", SlowWriterScenario::new)
                .register("two-zones", TwoZonesScenario::new)
                .register("rejected-commit", RejectedCommitScenario::new)
                .register("snapshot-race", SnapshotRaceScenario::new)
                .register("connection-cuts", ConnectionCutsScenario::new)
                .register("migration", MigrationScenario::new)
                .register("tenants-append", TenantAppendScenario::new)
                .register("relay", RelayScenario::new);
    }

    /**
     * Adds a scenario under a unique name.
     *
     * @throws IllegalArgumentException when the name is taken
     */
    public ScenarioRegistry register(String name, Supplier<Scenario> factory) {
        if (scenarios.putIfAbsent(name, factory) != null) {
            throw new IllegalArgumentException("A scenario named [" + name + "] is already registered");
        }
        return this;
    }

    /**
     * The scenarios {@code correctness} stands for on the command line: counts of what must never happen, side by
     * side, no timings.
     */
    public static final List<String> CORRECTNESS = List.of("slow-writer", "rejected-commit", "snapshot-race",
                                                           "connection-cuts");

    /**
     * @return the names with the group name {@code correctness} replaced by its scenarios
     */
    public List<String> expand(List<String> names) {
        List<String> expanded = new ArrayList<>();
        for (String name : names) {
            if (name.equals("correctness")) {
                expanded.addAll(CORRECTNESS);
            } else {
                expanded.add(name);
            }
        }
        return expanded;
    }

    public List<String> names() {
        return Collections.unmodifiableList(new ArrayList<>(scenarios.keySet()));
    }

    /**
     * @throws IllegalArgumentException naming the unknown scenario and the known ones
     */
    public Scenario create(String name) {
        Supplier<Scenario> factory = scenarios.get(name);
        if (factory == null) {
            throw new IllegalArgumentException("Unknown scenario [" + name + "]; known scenarios: " + names()
                                                       + " and the group correctness");
        }
        return factory.get();
    }
}
