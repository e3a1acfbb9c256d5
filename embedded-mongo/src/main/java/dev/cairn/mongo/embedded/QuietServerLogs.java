package dev.cairn.mongo.embedded;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.Properties;

/**
 * With the {@code slf4j-simple} binding, the embedded server's loggers default to WARN, and its warnings about indexes
 * it ignores to ERROR; so do the MongoDB driver's loggers, whose INFO lines (a settings dump for every client this
 * class's {@code newClient()} or a test or tool makes) a user of the embedded default cannot act on. A level set as a
 * system property or in {@code simplelogger.properties} wins.
 */
final class QuietServerLogs {

    private static final String PREFIX = "org.slf4j.simpleLogger.log.";
    private static final Map<String, String> DEFAULTS = Map.of(
            PREFIX + "de.bwaldvogel.mongo", "warn",
            PREFIX + "de.bwaldvogel.mongo.backend.AbstractMongoDatabase", "error",
            PREFIX + "org.mongodb.driver", "warn");

    private QuietServerLogs() {
    }

    static synchronized void applyDefaults() {
        Properties fromFile = new Properties();
        try (InputStream in = QuietServerLogs.class.getClassLoader().getResourceAsStream("simplelogger.properties")) {
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
