package dev.cairn.aggregates.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.Properties;

/**
 * Quiet defaults for a normal start: no AxonIQ Console banner, and with the {@code slf4j-simple} binding the MongoDB
 * driver's connection chatter at WARN (Cairn's own start-up line says what it connected to, and a failed connection
 * becomes one readable error). A setting the user made (system property or {@code simplelogger.properties}) wins.
 */
public final class QuietLogging {

    private static final String SIMPLE_LOGGER = "org.slf4j.simpleLogger.log.";
    private static final Map<String, String> DEFAULTS = Map.of(
            "disable-axoniq-console-message", "true",
            SIMPLE_LOGGER + "org.mongodb.driver", "warn");

    private QuietLogging() {
    }

    public static synchronized void applyDefaults() {
        Properties fromFile = simpleLoggerFile();
        DEFAULTS.forEach((key, value) -> {
            if (System.getProperty(key) == null && !fromFile.containsKey(key)) {
                System.setProperty(key, value);
            }
        });
    }

    private static Properties simpleLoggerFile() {
        Properties properties = new Properties();
        try (InputStream in = QuietLogging.class.getClassLoader().getResourceAsStream("simplelogger.properties")) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            // no readable file: nothing the user set there
        }
        return properties;
    }
}
