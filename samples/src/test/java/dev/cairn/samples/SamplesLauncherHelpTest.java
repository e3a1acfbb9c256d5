package dev.cairn.samples;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ./cairn --help}: the demo is listed with the other commands, and the exit-code footer ends the help.
 */
class SamplesLauncherHelpTest {

    @Test
    void helpListsTheDemoAboveTheExitCodeFooter() {
        // Given the process's output captured
        PrintStream original = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        int code;
        try {
            // When
            code = SamplesLauncher.run("--help");
        } finally {
            System.setOut(original);
        }

        // Then
        List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(code).isZero();
        assertThat(lines).anySatisfy(line -> assertThat(line).startsWith("  demo ").contains("Runs the orders"));
        assertThat(lines.get(lines.size() - 1)).as(String.join("\n", lines)).startsWith("Exit codes:");
    }
}
