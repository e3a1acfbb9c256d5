package dev.cairn.mongo.embedded.junit;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Captures what a piece of code writes to standard error, where the tests' SLF4J binding (slf4j-simple) logs, so a
 * test can check what is logged.
 */
public final class StandardError {

    private StandardError() {
    }

    public static synchronized String captured(Runnable action) {
        PrintStream original = System.err;
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        System.setErr(new PrintStream(buffer, true, StandardCharsets.UTF_8));
        try {
            action.run();
        } finally {
            System.setErr(original);
        }
        return buffer.toString(StandardCharsets.UTF_8);
    }
}
