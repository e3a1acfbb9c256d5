package com.example.projections.killed;

import com.example.bank.Account;
import com.example.bank.BankHistory;
import com.example.projections.DepositTally;
import com.mongodb.client.MongoDatabase;
import dev.cairn.aggregates.Cairn;
import dev.cairn.aggregates.CairnApplication;
import dev.cairn.eventstore.mongo.MongoEventStorageEngine;
import dev.cairn.mongo.embedded.junit.EmbeddedMongoExtension;
import dev.cairn.mongo.embedded.junit.MongoTarget;
import dev.cairn.projections.CairnProjections;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A projection whose handlers write nothing to storage defers its tokens (ADR 90). A node running it is killed with
 * SIGKILL in the middle of its catch-up, its last tokens deferred; another node takes its segments over from the
 * tokens the killed node stored and finishes: every deposit was handled by one node or the other, none skipped.
 */
@ExtendWith(EmbeddedMongoExtension.class)
class KilledWriteLessProjectionTest {

    @Test
    void aNodeKilledWithDeferredTokensLeavesNoEventUnhandled(MongoTarget target, MongoDatabase database)
            throws Exception {
        // Given 3,000 deposits over 30 accounts
        MongoEventStorageEngine engine = MongoEventStorageEngine.builder().database(database).build();
        BankHistory history = BankHistory.write(engine, 30, 100, 5, 11);
        long head = engine.createHeadToken().position().orElseThrow();

        // When a process catches the write-less projection up, one event a batch, and is killed with SIGKILL once it
        // handled 500 deposits
        Path handled = Files.createTempFile("cairn-write-less-", ".ids");
        Path log = Files.createTempFile("cairn-write-less-", ".log");
        Process process = start(target.connectionString(), database.getName(), handled, log);
        try {
            awaitHandled(process, handled, log, 500);
        } finally {
            process.destroyForcibly();
        }
        assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
        Set<String> byKilledNode = new HashSet<>(Files.readAllLines(handled));
        assertThat(byKilledNode.size()).as("killed mid catch-up").isLessThan((int) history.depositCount());

        // and another node takes its segments over once its claims lapse
        DepositTally tally = new DepositTally();
        CairnProjections survivor = WriteLessProcess.projections("survivor", tally);
        try (CairnApplication ignored = Cairn.builder().database(database).aggregate(Account.class)
                                             .extension(survivor.extension()).start()) {
            assertThat(survivor.awaitCaughtUp("deposit-tally", head, Duration.ofSeconds(60))).isTrue();
        }

        // Then the survivor went on from the tokens the killed node stored, not from the start
        assertThat(tally.distinctDeposits()).as("deposits handled by the survivor")
                                            .isLessThan((int) history.depositCount());
        // and every deposit was handled by one of them
        Set<String> all = new HashSet<>(byKilledNode);
        all.addAll(tally.handledIds());
        assertThat(all).as("deposits handled by the killed node (%d) or the survivor (%d)", byKilledNode.size(),
                           tally.distinctDeposits())
                       .hasSize((int) history.depositCount());
    }

    private static Process start(String uri, String database, Path handled, Path log) throws Exception {
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        ProcessBuilder builder = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", classPath, WriteLessProcess.class.getName(), uri,
                database, handled.toString());
        builder.redirectErrorStream(true).redirectOutput(log.toFile());
        return builder.start();
    }

    private static void awaitHandled(Process process, Path handled, Path log, int deposits) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            List<String> lines = Files.readAllLines(handled);
            if (lines.size() >= deposits) {
                return;
            }
            if (!process.isAlive()) {
                throw new AssertionError("the projection process exited early: " + Files.readString(log));
            }
            Thread.sleep(5);
        }
        throw new AssertionError("the projection process never handled " + deposits + " deposits: "
                                         + Files.readString(log));
    }
}
