package dev.cairn.benchmarks.run;

import dev.cairn.benchmarks.RunSettings;

import dev.cairn.benchmarks.report.JsonReportWriter;
import dev.cairn.benchmarks.report.Report;
import dev.cairn.benchmarks.report.TableFormatter;
import dev.cairn.benchmarks.scenario.ScenarioRegistry;

import java.io.File;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Command line entry point.
 * <pre>
 * java -jar benchmarks/target/cairn-benchmarks.jar [--quick | --full | --smoke]
 *      [--scenarios correctness,append-1,stream,...] [--writers 4] [--out path/to/results.json]
 * </pre>
 * {@code --quick} (the default) takes about four and a half minutes on two cores; {@code correctness} names the four
 * correctness scenarios; {@code --full} uses longer windows,
 * more rounds and a longer stream cap; {@code --smoke} only proves the harness works. The JSON report goes next to the jar
 * ({@code target/cairn-benchmarks.json}) unless {@code --out} says otherwise.
 */
public final class BenchmarkMain {

    private BenchmarkMain() {
    }

    public static void main(String[] args) throws Exception {
        ScenarioRegistry registry = ScenarioRegistry.builtIn();
        RunSettings settings = RunSettings.quick();
        List<String> scenarios = registry.names();
        Path out = defaultOutput();
        Integer writers = null;
        for (int index = 0; index < args.length; index++) {
            switch (args[index]) {
                case "--quick" -> settings = RunSettings.quick();
                case "--full" -> settings = RunSettings.full();
                case "--smoke" -> settings = RunSettings.smoke();
                case "--scenarios" -> scenarios = registry.expand(
                        Arrays.asList(value(args, ++index, "--scenarios").split(",")));
                case "--out" -> out = Path.of(value(args, ++index, "--out"));
                case "--writers" -> writers = Integer.parseInt(value(args, ++index, "--writers"));
                case "--help", "-h" -> {
                    System.out.println("usage: java -jar cairn-benchmarks.jar [--quick|--full|--smoke] "
                                               + "[--scenarios correctness," + String.join(",", registry.names()) + "] "
                                               + "[--writers 4] [--out results.json]");
                    return;
                }
                default -> throw new IllegalArgumentException("Unknown option [" + args[index] + "]; try --help");
            }
        }
        if (writers != null) {
            settings = settings.withWriterThreads(writers);
        }
        scenarios.forEach(registry::create); // fail before running anything when a name is wrong
        String command = "java -jar cairn-benchmarks.jar " + String.join(" ", args);
        System.out.println("CAVEAT: " + Harness.CAVEAT);
        Report report = new Harness(registry, settings, System.out).run(scenarios, command.trim());
        System.out.println();
        System.out.print(TableFormatter.format(report));
        JsonReportWriter.write(report, out);
        System.out.println("\nJSON report: " + out.toAbsolutePath());
        if (report.scenarios().stream().anyMatch(run -> run.error() != null)) {
            System.exit(1);
        }
    }

    private static String value(String[] args, int index, String option) {
        if (index >= args.length) {
            throw new IllegalArgumentException("Option " + option + " needs a value");
        }
        return args[index];
    }

    /**
     * @return {@code cairn-benchmarks.json} next to the jar when run from one, else under {@code target/}
     */
    static Path defaultOutput() {
        try {
            File location = new File(BenchmarkMain.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path directory = location.isFile() ? location.toPath().getParent() : Path.of("target");
            return directory.resolve("cairn-benchmarks.json");
        } catch (URISyntaxException | RuntimeException e) {
            return Path.of("target", "cairn-benchmarks.json");
        }
    }
}
