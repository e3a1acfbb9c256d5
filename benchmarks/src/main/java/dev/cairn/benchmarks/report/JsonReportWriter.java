package dev.cairn.benchmarks.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a {@link Report} as JSON: the same columns as the table (raw numbers instead of formatted text), plus the
 * targets, verdicts and notes.
 */
public final class JsonReportWriter {

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private JsonReportWriter() {
    }

    public static void write(Report report, Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        MAPPER.writeValue(file.toFile(), toMap(report));
    }

    public static String toJson(Report report) throws IOException {
        return MAPPER.writeValueAsString(toMap(report));
    }

    static Map<String, Object> toMap(Report report) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("mode", report.mode());
        root.put("command", report.command());
        root.put("machine", new java.util.TreeMap<>(report.machine()));
        root.put("caveat", report.caveat());
        List<Map<String, Object>> scenarios = new ArrayList<>();
        for (Report.ScenarioRun run : report.scenarios()) {
            Map<String, Object> scenario = new LinkedHashMap<>();
            scenario.put("name", run.name());
            scenario.put("description", run.description());
            scenario.put("seconds", run.seconds());
            scenario.put("error", run.error());
            scenarios.add(scenario);
        }
        root.put("scenarios", scenarios);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (ResultRow row : report.rows()) {
            Map<String, Object> json = new LinkedHashMap<>();
            List<String> verdicts = row.verdicts();
            json.put("scenario", row.scenario());
            json.put("metric", row.metric());
            json.put("better", row.better().name().toLowerCase());
            json.put("cairn", finite(row.cairn()));
            json.put("raw", finite(row.raw()));
            json.put("axon_mongo", finite(row.axonMongo()));
            json.put("ratio_vs_raw", finite(row.ratioVsRaw()));
            json.put("ratio_vs_axon_mongo", finite(row.ratioVsAxonMongo()));
            json.put("target", row.targets().stream().map(Target::description).toList());
            json.put("verdict", verdicts);
            json.put("carries_over", row.carriesOver());
            json.put("note", row.note());
            rows.add(json);
        }
        root.put("rows", rows);
        return root;
    }

    private static Double finite(Double value) {
        return value == null || value.isNaN() || value.isInfinite() ? null : value;
    }
}
