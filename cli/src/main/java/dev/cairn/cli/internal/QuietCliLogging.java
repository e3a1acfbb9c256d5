package dev.cairn.cli.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.Properties;

/**
 * The standalone command line's logging defaults with {@code slf4j-simple}: warnings and errors only, on standard
 * error, without thread names, so the command's own output does not drown in driver and Axon lines; no AxonIQ Console
 * banner. A setting the user made (system property or {@code simplelogger.properties}) wins.
 */
public final class QuietCliLogging {

    private static final String SIMPLE = "org.slf4j.simpleLogger.";
    private static final Map<String, String> DEFAULTS = Map.of(
            SIMPLE + "defaultLogLevel", "warn",
            SIMPLE + "showThreadName", "false",
            SIMPLE + "showShortLogName", "true",
            SIMPLE + "levelInBrackets", "true",
            "disable-axoniq-console-message", "true");

    private QuietCliLogging() {
    }

    public static void apply() {
        Properties fromFile = new Properties();
        try (InputStream in = QuietCliLogging.class.getClassLoader().getResourceAsStream("simplelogger.properties")) {
            if (in != null) {
                fromFile.load(in);
            }
        } catch (IOException e) {
            // no readable file: nothing the user set there
        }
        DEFAULTS.forEach((key, value) -> {
            if (System.getProperty(key) == null && !fromFile.containsKey(key)) {
                System.setProperty(key, value);
            }
        });
    }
}
