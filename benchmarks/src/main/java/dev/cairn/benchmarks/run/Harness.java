package dev.cairn.benchmarks.run;

import dev.cairn.benchmarks.RunSettings;

import dev.cairn.benchmarks.report.Report;
import dev.cairn.benchmarks.report.ResultRow;
import dev.cairn.benchmarks.scenario.Scenario;
import dev.cairn.benchmarks.scenario.ScenarioContext;
import dev.cairn.benchmarks.scenario.ScenarioRegistry;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs scenarios one after the other, each on its own fresh embedded server, and collects their figures into a
 * {@link Report}. A failing scenario is reported and does not stop the others.
 */
public final class Harness {

    /**
     * Printed with every result: why timings on the embedded server are not those of a real MongoDB.
     */
    public static final String CAVEAT =
            "all timings come from the embedded mongo-java-server (memory backend) in this JVM, which answers range "
                    + "and sort queries by scanning the whole collection and ignores non-unique indexes; document "
                    + "counts are kept at the issue's sizes (100k events streamed) for that reason. Timings rank "
                    + "the contenders on this server only; server commands per event and stored bytes per event "
                    + "are the figures that carry over to a real MongoDB.";

    private final ScenarioRegistry registry;
    private final RunSettings settings;
    private final PrintStream progress;

    public Harness(ScenarioRegistry registry, RunSettings settings, PrintStream progress) {
        this.registry = registry;
        this.settings = settings;
        this.progress = progress;
    }

    /**
     * Runs the named scenarios in order.
     *
     * @param command the command line, recorded in the report
     */
    public Report run(List<String> scenarioNames, String command) {
        List<Scenario> scenarios = scenarioNames.stream().map(registry::create).toList();
        List<Report.ScenarioRun> runs = new ArrayList<>();
        List<ResultRow> rows = new ArrayList<>();
        for (Scenario scenario : scenarios) {
            progress.printf("> %-9s %s%n", scenario.name(), scenario.description());
            long start = System.nanoTime();
            String error = null;
            try (ScenarioContext context = ScenarioContext.start(scenario.name(), settings, progress)) {
                rows.addAll(scenario.run(context));
            } catch (Exception | Error e) {
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                error = e.getClass().getSimpleName() + ": " + e.getMessage();
                progress.printf("  %s failed: %s%n", scenario.name(), error);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            progress.printf("  done in %.1f s%n", seconds);
            runs.add(new Report.ScenarioRun(scenario.name(), scenario.description(), seconds, error));
        }
        return new Report(settings.mode(), command, machine(), CAVEAT, runs, rows);
    }

    /**
     * @return facts about the machine and the JVM the figures were measured on
     */
    static Map<String, String> machine() {
        Map<String, String> machine = new LinkedHashMap<>();
        machine.put("cpu", cpuModel());
        machine.put("cores", String.valueOf(Runtime.getRuntime().availableProcessors()));
        machine.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch"));
        machine.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        machine.put("max_heap_mb", String.valueOf(Runtime.getRuntime().maxMemory() / (1024 * 1024)));
        machine.put("jvm_args", String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments()));
        machine.put("server", "mongo-java-server 1.47.0, memory backend, in-process, over a loopback socket");
        machine.put("driver", "mongodb-driver-sync " + driverVersion());
        return machine;
    }

    private static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                        .filter(line -> line.startsWith("model name"))
                        .map(line -> line.substring(line.indexOf(':') + 1).trim())
                        .findFirst().orElse("unknown");
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private static String driverVersion() {
        return com.mongodb.internal.build.MongoDriverVersion.VERSION;
    }
}
