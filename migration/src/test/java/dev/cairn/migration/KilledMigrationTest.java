package dev.cairn.migration;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import dev.cairn.migration.support.MigrationProcess;
import dev.cairn.migration.support.SourceApplication;
import dev.cairn.migration.support.TargetApplication;
import dev.cairn.migration.support.MigrationFixture;
import dev.cairn.mongo.embedded.junit.EmbeddedMongoExtension;
import dev.cairn.mongo.embedded.junit.MongoTarget;
import org.axonframework.serialization.json.JacksonSerializer;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A migration running in a JVM of its own is killed with SIGKILL in the middle; the same migration run again
 * completes, every event is stored exactly once and the result verifies.
 * <p>
 * Scaled down to 1,000 events of 20 aggregates, copied 25 at a time.
 */
@ExtendWith(EmbeddedMongoExtension.class)
class KilledMigrationTest {

    private static final int EVENTS = 1_000;
    private MongoDatabase source;
    private MongoDatabase target;
    private MongoClient client;

    @BeforeEach
    void setUp(MongoClient client) {
        this.client = client;
        MigrationFixture fixture = new MigrationFixture(client, "killed");
        source = fixture.source();
        target = fixture.target();
    }

    @Test
    void aMigrationKilledMidRunCompletesWhenRunAgainAndVerifies(MongoTarget mongo) throws Exception {
        // given an axon-mongo store
        List<String> ids;
        Map<String, String> before = new HashMap<>();
        try (SourceApplication legacy = new SourceApplication(client, source.getName(),
                                                              JacksonSerializer.defaultSerializer(), 50)) {
            ids = legacy.write("ledger", 20, EVENTS, 9);
            ids.forEach(id -> before.put(id, legacy.state(id)));
        }

        // when a migration in its own JVM is killed with SIGKILL after a few batches
        Path log = Files.createTempFile("cairn-migration-", ".log");
        Process process = start(mongo.connectionString(), log);
        awaitLine(process, log, "copied 250");
        process.destroyForcibly();
        assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
        long copiedWhenKilled = storedEvents();
        assertThat(copiedWhenKilled).as("killed in the middle").isBetween(1L, (long) EVENTS - 1);

        // and the same migration runs again
        AxonMongoMigration migration = AxonMongoMigration.builder().sourceDatabase(source).targetDatabase(target)
                                                         .build();
        MigrationReport rerun = migration.run();

        // then it copied exactly the rest, and the whole verifies
        assertThat(rerun.alreadyCopied()).isEqualTo(copiedWhenKilled);
        assertThat(rerun.copiedEvents()).isEqualTo(EVENTS - copiedWhenKilled);
        assertThat(storedEvents()).isEqualTo(EVENTS);
        Verification verification = migration.verify();
        assertThat(verification.differences()).isEmpty();
        assertThat(verification.matches()).isTrue();
        try (TargetApplication cairn = new TargetApplication(target)) {
            ids.forEach(id -> assertThat(cairn.state(id)).isEqualTo(before.get(id)));
        }
    }

    /** Events stored in the target: a commit holds the global indexes from its {@code _id} to its last. */
    private long storedEvents() {
        long events = 0;
        for (Document commit : target.getCollection("events").find()) {
            events += commit.get("lastGlobalIndex", Number.class).longValue()
                    - commit.get("_id", Number.class).longValue() + 1;
        }
        return events;
    }

    private Process start(String uri, Path log) throws IOException {
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        ProcessBuilder builder = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", classPath,
                MigrationProcess.class.getName(), uri, source.getName(), target.getName());
        builder.redirectErrorStream(true).redirectOutput(log.toFile());
        return builder.start();
    }

    private static void awaitLine(Process process, Path log, String line) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (Files.readAllLines(log).contains(line)) {
                return;
            }
            if (!process.isAlive()) {
                throw new AssertionError("the migration exited before [" + line + "]: " + Files.readString(log));
            }
            Thread.sleep(20);
        }
        process.destroyForcibly();
        throw new AssertionError("the migration never printed [" + line + "]: " + Files.readString(log));
    }
}
