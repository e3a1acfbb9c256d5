package dev.cairn.cli.internal;

import dev.cairn.eventstore.mongo.support.LoggingDefaults;

import java.util.Map;

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
        LoggingDefaults.applyUnlessSet(DEFAULTS);
    }
}
