package dev.cairn.aggregates.internal;

import dev.cairn.eventstore.mongo.support.LoggingDefaults;

import java.util.Map;

/**
 * Quiet defaults for a normal start: no AxonIQ Console banner, and with the {@code slf4j-simple} binding the MongoDB
 * driver's connection chatter at WARN (Cairn's own start-up line says what it connected to, and a failed connection
 * becomes one readable error). A setting the user made (system property or {@code simplelogger.properties}) wins.
 */
public final class QuietLogging {

    private static final Map<String, String> DEFAULTS = Map.of("disable-axoniq-console-message", "true");

    private QuietLogging() {
    }

    public static void applyDefaults() {
        LoggingDefaults.applyUnlessSet(LoggingDefaults.QUIET_DRIVER);
        LoggingDefaults.applyUnlessSet(DEFAULTS);
    }
}
