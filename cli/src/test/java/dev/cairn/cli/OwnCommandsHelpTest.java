package dev.cairn.cli;

import dev.cairn.cli.internal.CliRunner;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Commands an application's {@code main} runs itself are listed in {@code --help} among the command line's own, above
 * the exit-code footer.
 */
class OwnCommandsHelpTest {

    @Test
    void helpListsTheApplicationsOwnCommandsAmongTheOthers() {
        // Given an application that runs "demo" itself
        Map<String, String> own = new LinkedHashMap<>();
        own.put("demo", "Runs the demo.");
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        // When the help is asked for
        int code = CliRunner.run(List.of(), own, new PrintStream(out, true, StandardCharsets.UTF_8),
                                 new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), Map.of(),
                                 "--help");

        // Then demo is listed with the commands, before the footer, which ends the help
        List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(code).isZero();
        int events = indexOf(lines, "  events ");
        int demo = indexOf(lines, "  demo ");
        int footer = indexOf(lines, "Exit codes:");
        assertThat(demo).as(String.join("\n", lines)).isGreaterThan(events).isLessThan(footer);
        assertThat(lines.get(demo)).contains("Runs the demo.");
        assertThat(lines.get(lines.size() - 1)).startsWith("Exit codes:");
    }

    private static int indexOf(List<String> lines, String prefix) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith(prefix)) {
                return i;
            }
        }
        return -1;
    }
}
