package dev.cairn.cli.internal;

import dev.cairn.projections.RebuildMode;
import dev.cairn.projections.RebuildProgress;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * While the bar shows, lines written to standard error or output appear above it, whole, and the bar is drawn again
 * below them.
 */
class BarViewTest {

    @Test
    void aLogLineWrittenWhileTheBarShowsIsPrintedAboveTheBar() throws Exception {
        // Given a bar on a (captured) terminal
        ByteArrayOutputStream terminal = new ByteArrayOutputStream();
        PrintStream originalErr = System.err;
        PrintStream originalOut = System.out;
        PrintStream afterClose;
        try (PrintStream stream = new PrintStream(terminal, true, StandardCharsets.UTF_8)) {
            BarView view = new BarView(stream, "balances");
            view.update(new RebuildProgress("balances", RebuildMode.IN_PLACE, 1, "REPLAYING", 500, 1_000,
                                            Instant.now(), "node"));
            Thread.sleep(400);

            // When a library logs a line, in two writes, while it shows
            System.err.print("[WARN] WorkPackage - ");
            System.err.println("Error while processing batch");
            view.close();
            afterClose = System.err;
        } finally {
            System.setErr(originalErr);
            System.setOut(originalOut);
        }

        // Then the bar's line was blanked, the whole log line printed, and the bar drawn again after it
        String text = terminal.toString(StandardCharsets.UTF_8);
        int line = text.indexOf("[WARN] WorkPackage - Error while processing batch\n");
        assertThat(line).as(text).isPositive();
        String before = text.substring(0, line);
        assertThat(before).contains("balances").endsWith(" \r");
        assertThat(text.substring(line)).contains("balances").contains("500/1000");
        // and closing the bar gave the streams back
        assertThat(afterClose).isSameAs(originalErr);
    }
}
