package dev.cairn.cli.support;

import dev.cairn.cli.CliApplication;
import dev.cairn.cli.internal.CliRunner;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One in-process run of the command line with captured output.
 *
 * @param exitCode the exit code
 * @param out      what it printed on its output stream
 * @param err      what it printed on its error stream
 */
public record CliRun(int exitCode, String out, String err) {

    /** Runs {@code args} with {@code app} (may be null) and the given environment. */
    public static CliRun run(CliApplication app, Map<String, String> env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        List<CliApplication> apps = new ArrayList<>();
        if (app != null) {
            apps.add(app);
        }
        int code;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
             PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            code = CliRunner.run(apps, o, e, env, args);
        }
        return new CliRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** @return both streams, for assertions that something appears nowhere */
    public String all() {
        return out + err;
    }

    @Override
    public String toString() {
        return "exit " + exitCode + "\n--- out\n" + out + "--- err\n" + err;
    }
}
