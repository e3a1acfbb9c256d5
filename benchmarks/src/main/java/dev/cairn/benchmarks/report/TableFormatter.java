package dev.cairn.benchmarks.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;

/**
 * Renders a {@link Report} as plain-text tables: every figure, then the figures that carry over to a real MongoDB,
 * then the notes.
 */
public final class TableFormatter {

    private TableFormatter() {
    }

    public static String format(Report report) {
        StringBuilder out = new StringBuilder();
        out.append("Cairn benchmarks (").append(report.mode()).append(")\n");
        new TreeMap<>(report.machine()).forEach((key, value) -> out.append("  ").append(key).append(": ")
                                                                    .append(value).append('\n'));
        out.append("\nCAVEAT: ").append(report.caveat()).append("\n\n");
        out.append(table(report.rows())).append('\n');
        List<ResultRow> carried = report.rows().stream().filter(ResultRow::carriesOver).toList();
        if (!carried.isEmpty()) {
            out.append("Figures that carry over to a real MongoDB (server commands, stored bytes):\n");
            out.append(table(carried)).append('\n');
        }
        out.append("Ratios are Cairn's figure divided by the baseline's; 'better' says which way a figure improves.\n");
        List<String> notes = new ArrayList<>();
        for (ResultRow row : report.rows()) {
            if (!row.note().isEmpty()) {
                notes.add("  [" + row.scenario() + " / " + row.metric() + "] " + row.note());
            }
        }
        for (Report.ScenarioRun run : report.scenarios()) {
            if (run.error() != null) {
                notes.add("  [" + run.name() + "] FAILED: " + run.error());
            }
        }
        if (!notes.isEmpty()) {
            out.append("Notes:\n").append(String.join("\n", notes)).append('\n');
        }
        return out.toString();
    }

    /**
     * @return the rows as an aligned text table with {@link Report#COLUMNS} as header
     */
    public static String table(List<ResultRow> rows) {
        List<List<String>> cells = new ArrayList<>();
        cells.add(Report.COLUMNS);
        for (ResultRow row : rows) {
            cells.add(cells(row));
        }
        int[] widths = new int[Report.COLUMNS.size()];
        for (List<String> line : cells) {
            for (int column = 0; column < widths.length; column++) {
                widths[column] = Math.max(widths[column], line.get(column).length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (int index = 0; index < cells.size(); index++) {
            List<String> line = cells.get(index);
            StringBuilder text = new StringBuilder();
            for (int column = 0; column < widths.length; column++) {
                String cell = line.get(column);
                boolean numeric = column >= 3 && column <= 7;
                text.append(numeric ? pad(cell, widths[column], true) : pad(cell, widths[column], false))
                    .append(column == widths.length - 1 ? "" : "  ");
            }
            out.append(text.toString().stripTrailing()).append('\n');
            if (index == 0) {
                out.append("-".repeat(text.toString().stripTrailing().length())).append('\n');
            }
        }
        return out.toString();
    }

    /**
     * @return the cells of one row, in {@link Report#COLUMNS} order
     */
    public static List<String> cells(ResultRow row) {
        List<String> verdicts = row.verdicts();
        List<String> targets = row.targets().stream().map(Target::description).toList();
        return List.of(row.scenario(), row.metric(), row.better().arrow(), number(row.cairn()), number(row.raw()),
                       number(row.axonMongo()), ratio(row.ratioVsRaw()), ratio(row.ratioVsAxonMongo()),
                       targets.isEmpty() ? "-" : String.join(" ; ", targets),
                       verdicts.isEmpty() ? "-" : String.join(" ; ", verdicts));
    }

    static String number(Double value) {
        if (value == null || value.isNaN()) {
            return "n/a";
        }
        double magnitude = Math.abs(value);
        if (magnitude >= 100) {
            return String.format(Locale.ROOT, "%,.0f", value);
        }
        if (magnitude >= 10) {
            return String.format(Locale.ROOT, "%.1f", value);
        }
        return String.format(Locale.ROOT, "%.2f", value);
    }

    static String ratio(Double value) {
        return value == null || value.isNaN() || value.isInfinite()
                ? "n/a" : String.format(Locale.ROOT, "%.2fx", value);
    }

    private static String pad(String text, int width, boolean right) {
        String padding = " ".repeat(width - text.length());
        return right ? padding + text : text + padding;
    }
}
