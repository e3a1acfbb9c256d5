package dev.cairn.benchmarks.scenario;

import com.mongodb.client.MongoCollection;
import dev.cairn.benchmarks.Contender;
import dev.cairn.benchmarks.RunSettings;
import dev.cairn.benchmarks.internal.Engines;
import dev.cairn.benchmarks.internal.HeapProbe;
import dev.cairn.benchmarks.internal.Population;
import dev.cairn.benchmarks.report.Better;
import dev.cairn.benchmarks.report.ResultRow;
import dev.cairn.benchmarks.report.Target;
import org.bson.BsonDocument;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code heap}: streams the whole store (the {@code stream} scenario's event count, in ten-event commits) in a child
 * JVM started with {@code -Xmx256m} and the harness's class path, so the limit is real. The embedded server stays in
 * this JVM; the child reaches it over its socket.
 */
final class HeapScenario implements Scenario {

    private static final int EVENTS_PER_COMMIT = 10;

    @Override
    public String name() {
        return "heap";
    }

    @Override
    public String description() {
        return "streaming the whole store completes in a child JVM with a small -Xmx";
    }

    /** How a child JVM ended. */
    private record Outcome(boolean completed, Double peakHeapMb, Double seconds, String detail) {
    }

    @Override
    public List<ResultRow> run(ScenarioContext context) throws Exception {
        RunSettings settings = context.settings();
        Map<Contender, Outcome> outcomes = new EnumMap<>(Contender.class);
        List<String> notes = new ArrayList<>();
        for (Contender contender : Contender.values()) {
            if (contender == Contender.AXON_MONGO && !settings.heapAxonMongo()) {
                notes.add("axon-mongo skipped in this mode (its catch-up read of this store takes minutes on the "
                                  + "embedded server; run --full)");
                continue;
            }
            if (contender == Contender.RAW) {
                MongoCollection<BsonDocument> events =
                        context.database(contender).getCollection("events", BsonDocument.class);
                Population.insertRaw(events, settings.streamEvents(), 100);
            } else {
                Population.append(Engines.of(contender, context.client(), context.databaseName(contender)),
                                  settings.streamEvents(), EVENTS_PER_COMMIT, 100, settings.writerThreads());
            }
            context.progress(contender.label() + ": stored; streaming in a child JVM");
            Outcome outcome = probe(context, contender);
            outcomes.put(contender, outcome);
            notes.add(contender.label() + ": " + outcome.detail());
            context.dropDatabase(contender);
        }
        String limit = "-Xmx" + settings.heapLimit();
        ResultRow completes = ResultRow.of(name(), String.format(Locale.ROOT, "completes %,d events under %s "
                                                                         + "(1 = yes)", settings.streamEvents(), limit),
                                           Better.HIGHER, completed(outcomes, Contender.CAIRN),
                                           completed(outcomes, Contender.RAW),
                                           completed(outcomes, Contender.AXON_MONGO))
                                       .withTarget(Target.completes())
                                       .withNote(String.join("; ", notes));
        ResultRow peak = ResultRow.of(name(), "peak heap MB of the reading JVM", Better.LOWER,
                                      peak(outcomes, Contender.CAIRN), peak(outcomes, Contender.RAW),
                                      peak(outcomes, Contender.AXON_MONGO))
                                  .withTarget(Target.atMost(1.2, Target.Reference.RAW, null)); // issue 15
        return List.of(completes, peak);
    }

    private Outcome probe(ScenarioContext context, Contender contender) throws Exception {
        RunSettings settings = context.settings();
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command = List.of(java.toString(), "-Xmx" + settings.heapLimit(),
                                       "-XX:+ExitOnOutOfMemoryError", "-cp", System.getProperty("java.class.path"),
                                       HeapProbe.class.getName(), contender.label(), context.connectionString(),
                                       context.databaseName(contender), String.valueOf(settings.streamEvents()));
        Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
        List<String> output = new ArrayList<>();
        Thread drain = new Thread(() -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(child.getInputStream(),
                                                                                  StandardCharsets.UTF_8))) {
                reader.lines().forEach(line -> {
                    synchronized (output) {
                        output.add(line);
                    }
                });
            } catch (Exception ignored) {
                // the child was killed; what was read is kept
            }
        }, "heap-probe-output");
        drain.start();
        boolean exited = child.waitFor(settings.heapCap().toMillis(), TimeUnit.MILLISECONDS);
        if (!exited) {
            child.destroyForcibly().waitFor();
        }
        drain.join(5_000);
        List<String> lines;
        synchronized (output) {
            lines = List.copyOf(output);
        }
        if (!exited) {
            return new Outcome(false, null, null, "did not finish within " + settings.heapCap().toSeconds() + " s");
        }
        for (String line : lines) {
            if (line.startsWith(HeapProbe.RESULT_PREFIX)) {
                Map<String, String> values = new java.util.HashMap<>();
                for (String pair : line.substring(HeapProbe.RESULT_PREFIX.length()).split(" ")) {
                    String[] keyValue = pair.split("=", 2);
                    values.put(keyValue[0], keyValue[1]);
                }
                double seconds = Double.parseDouble(values.get("seconds"));
                return new Outcome(true, Double.parseDouble(values.get("peakHeapMb")), seconds,
                                   String.format(Locale.ROOT, "completed in %.1f s, peak heap %s MB of %s MB",
                                                 seconds, values.get("peakHeapMb"), values.get("maxHeapMb")));
            }
        }
        String tail = lines.isEmpty() ? "no output" : lines.get(lines.size() - 1);
        return new Outcome(false, null, null, "child exited with " + child.exitValue() + ": " + tail);
    }

    private static Double completed(Map<Contender, Outcome> outcomes, Contender contender) {
        Outcome outcome = outcomes.get(contender);
        return outcome == null ? null : outcome.completed() ? 1.0 : 0.0;
    }

    private static Double peak(Map<Contender, Outcome> outcomes, Contender contender) {
        Outcome outcome = outcomes.get(contender);
        return outcome == null ? null : outcome.peakHeapMb();
    }
}
