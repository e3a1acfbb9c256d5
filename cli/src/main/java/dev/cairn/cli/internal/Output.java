package dev.cairn.cli.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a command's result: an aligned table or lines for people, JSON for scripts (a document per command, pretty
 * printed; or one compact document per line for commands that stream).
 */
final class Output {

    private static final ObjectMapper PRETTY = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final ObjectMapper COMPACT = new ObjectMapper();
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
                                                                   .withZone(ZoneOffset.UTC);

    private final PrintStream out;
    private final boolean json;

    Output(PrintStream out, boolean json) {
        this.out = out;
        this.json = json;
    }

    boolean json() {
        return json;
    }

    /** Prints {@code document} (maps, lists, strings, numbers, booleans, nulls) as indented JSON. */
    void document(Object document) {
        out.println(write(PRETTY, document));
        out.flush();
    }

    /** Prints {@code document} as JSON on one line (JSON Lines, for streams). */
    void line(Object document) {
        out.println(write(COMPACT, document));
        out.flush();
    }

    void text(String text) {
        out.println(text);
        out.flush();
    }

    /** Prints a table: headers, then rows, columns padded to their widest cell, two spaces apart. */
    void table(List<String> headers, List<List<String>> rows) {
        out.print(table(headers, rows, ""));
        out.flush();
    }

    static String table(List<String> headers, List<List<String>> rows, String indent) {
        List<List<String>> all = new ArrayList<>();
        all.add(headers);
        all.addAll(rows);
        int[] widths = new int[headers.size()];
        for (List<String> row : all) {
            for (int c = 0; c < row.size(); c++) {
                widths[c] = Math.max(widths[c], row.get(c).length());
            }
        }
        StringBuilder text = new StringBuilder();
        for (List<String> row : all) {
            StringBuilder line = new StringBuilder(indent);
            for (int c = 0; c < row.size(); c++) {
                String cell = row.get(c);
                line.append(c == row.size() - 1 ? cell : cell + " ".repeat(widths[c] - cell.length() + 2));
            }
            text.append(line.toString().stripTrailing()).append(System.lineSeparator());
        }
        return text.toString();
    }

    /** @return an instant for people: {@code 2026-12-01 22:54:12} (UTC), or {@code -} */
    static String time(Instant instant) {
        return instant == null ? "-" : TIME.format(instant);
    }

    /** @return an instant for JSON: ISO-8601 in UTC, or {@code null} */
    static String iso(Instant instant) {
        return instant == null ? null : instant.toString();
    }

    /** @return a duration for people: {@code 0s}, {@code 42s}, {@code 3m 05s}, {@code 2h 10m} */
    static String age(Duration duration) {
        if (duration == null) {
            return "-";
        }
        long seconds = duration.toSeconds();
        if (seconds < 60) {
            return seconds + "s";
        }
        if (seconds < 3_600) {
            return String.format("%dm %02ds", seconds / 60, seconds % 60);
        }
        return String.format("%dh %02dm", seconds / 3_600, seconds % 3_600 / 60);
    }

    /** @return {@code 12,345} */
    static String count(long value) {
        return String.format(java.util.Locale.ROOT, "%,d", value);
    }

    static String orDash(Object value) {
        return value == null ? "-" : value.toString();
    }

    private static String write(ObjectMapper mapper, Object document) {
        try {
            return mapper.writeValueAsString(document);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write JSON output: " + e.getMessage(), e);
        }
    }
}
