package dev.cairn.eventstore.mongo.support;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.Properties;

/**
 * Quiet logging defaults as system properties (for the {@code slf4j-simple} binding and Axon's banner), applied only
 * where the user set nothing: a system property or a key in {@code simplelogger.properties} wins.
 */
public final class LoggingDefaults {

    /**
     * The MongoDB driver's loggers at WARN: its INFO lines (a settings dump for every client, connection chatter) say
     * nothing a user acts on. Every Cairn entry point that creates a client applies this before the driver's loggers
     * exist (their level is fixed when they are created).
     */
    public static final Map<String, String> QUIET_DRIVER = Map.of("org.slf4j.simpleLogger.log.org.mongodb.driver",
                                                                  "warn");

    private LoggingDefaults() {
    }

    /** Sets each of {@code defaults} as a system property unless the user set that key. */
    public static synchronized void applyUnlessSet(Map<String, String> defaults) {
        Properties fromFile = simpleLoggerFile();
        defaults.forEach((key, value) -> {
            if (System.getProperty(key) == null && !fromFile.containsKey(key)) {
                System.setProperty(key, value);
            }
        });
    }

    private static Properties simpleLoggerFile() {
        Properties properties = new Properties();
        try (InputStream in = LoggingDefaults.class.getClassLoader().getResourceAsStream("simplelogger.properties")) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            // no readable file: nothing the user set there
        }
        return properties;
    }
}
