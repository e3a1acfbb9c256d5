package com.example.projections.killed;

import com.example.bank.BankHistory;
import com.example.bank.Account;
import com.example.projections.Balances;
import com.mongodb.client.MongoDatabase;
import dev.cairn.aggregates.Cairn;
import dev.cairn.aggregates.CairnApplication;
import dev.cairn.eventstore.mongo.MongoEventStorageEngine;
import dev.cairn.mongo.embedded.junit.EmbeddedMongoExtension;
import dev.cairn.mongo.embedded.junit.MongoTarget;
import dev.cairn.processing.MongoTokenStore;
import dev.cairn.processing.StoredSegment;
import dev.cairn.projections.CairnProjections;
import dev.cairn.projections.ReadModel;
import dev.cairn.projections.Rebuild;
import dev.cairn.projections.RebuildMode;
import dev.cairn.projections.RebuildOptions;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.WrappedToken;
import org.bson.Document;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A rebuild running in a JVM of its own is killed with SIGKILL in the middle of a batch: the batch's writes to the
 * accounts and to the summary document fed by every account (both {@code $inc}) are acknowledged, its token is not
 * stored. Rebuilding again in another process resumes it, and the read model equals the sums of the events: no
 * {@code $inc} of the replayed batch applied twice, none lost.
 * <p>
 * Scaled down to 4,200 events of 200 accounts, rebuilt in batches of 200; the child process builds the projection
 * first (about 3 s of the test's time).
 */
@ExtendWith(EmbeddedMongoExtension.class)
class KilledRebuildTest {

    private static final Duration CLAIM_TIMEOUT = Duration.ofSeconds(1);

    /** The projection as both processes run it: balances with a short claim timeout, so the dead node's lapse soon. */
    static CairnProjections projections(String nodeId) {
        return CairnProjections.builder()
                               .projection(new Balances(), o -> o.owns(Balances.ACCOUNTS, Balances.TOTALS))
                               .tokenStore(store -> store.nodeId(nodeId).claimTimeout(CLAIM_TIMEOUT))
                               .build();
    }

    @ParameterizedTest
    @EnumSource(RebuildMode.class)
    void aRebuildKilledMidBatchAndRebuiltAgainMatchesTheEvents(RebuildMode mode, MongoTarget target,
                                                               MongoDatabase database) throws Exception {
        // Given 4,200 events: 200 accounts with 20 deposits each
        MongoEventStorageEngine engine = MongoEventStorageEngine.builder().database(database).build();
        BankHistory history = BankHistory.write(engine, 200, 20, 7, 29);
        long head = engine.createHeadToken().position().orElseThrow();

        // When a process builds the projection, rebuilds it and is killed with SIGKILL in the middle of a batch
        Path log = Files.createTempFile("cairn-rebuild-", ".log");
        Process process = start(target.connectionString(), database.getName(), mode, head, log);
        awaitLine(process, log, "written");
        process.destroyForcibly();
        assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();

        // Then the summary has writes its segment's stored token does not cover: killed between writes and token
        String processor = mode == RebuildMode.BLUE_GREEN ? "balances@v2" : "balances";
        String summary = mode == RebuildMode.BLUE_GREEN ? Balances.TOTALS + "__v2" : Balances.TOTALS;
        assertThat(writtenBeyondStoredTokens(database, processor, summary)).as("a batch written, its token not stored")
                                                                          .isTrue();

        // When another process rebuilds it again
        CairnProjections survivor = projections("survivor");
        try (CairnApplication app = Cairn.builder().database(database).aggregate(Account.class)
                                                 .extension(survivor.extension()).start()) {
            Rebuild resumed = survivor.rebuild("balances", RebuildOptions.defaults().mode(mode).batchSize(200));
            assertThat(resumed.await(Duration.ofSeconds(60))).isTrue();

            // Then every account and the summary hold exactly the sums of the events
            ReadModel readModel = survivor.readModel("balances");
            for (Map.Entry<String, Long> expected : history.balances().entrySet()) {
                Document account = readModel.collection(Balances.ACCOUNTS).find(expected.getKey()).orElseThrow();
                assertThat(account.getLong("balance")).as(expected.getKey()).isEqualTo(expected.getValue());
                assertThat(account.getInteger("deposits").longValue()).as(expected.getKey())
                        .isEqualTo(history.deposits().get(expected.getKey()));
            }
            Document totals = readModel.collection(Balances.TOTALS).find("all").orElseThrow();
            assertThat(totals.getLong("total")).isEqualTo(history.total());
            assertThat(totals.getInteger("deposits").longValue()).isEqualTo(history.depositCount());
            assertThat(totals.getInteger("accounts")).isEqualTo(200);
        }
    }

    /** @return whether an applied-position entry of the summary is ahead of its segment's stored token */
    private static boolean writtenBeyondStoredTokens(MongoDatabase database, String processor, String summary) {
        Document all = database.getCollection(summary).find(new Document("_id", "all")).first();
        assertThat(all).as("the summary was written").isNotNull();
        Document entries = all.get("_cairn", Document.class).get("s", Document.class);
        MongoTokenStore tokens = MongoTokenStore.builder().database(database).build();
        for (StoredSegment segment : tokens.segments(processor)) {
            for (Map.Entry<String, Object> entry : entries.entrySet()) {
                if (entry.getKey().startsWith(segment.segment() + "_")
                        && ((Document) entry.getValue()).getLong("i") > index(segment.token())) {
                    return true;
                }
            }
        }
        return false;
    }

    private static long index(TrackingToken token) {
        TrackingToken reached = token == null ? null : WrappedToken.unwrapLowerBound(token);
        return reached instanceof GapAwareTrackingToken gapAware ? gapAware.getIndex() : -1;
    }

    private static Process start(String uri, String database, RebuildMode mode, long head, Path log)
            throws IOException {
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        ProcessBuilder builder = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", classPath, RebuildProcess.class.getName(), uri,
                database, mode.name(), "5", Long.toString(head));
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
                throw new AssertionError("the rebuild process exited before [" + line + "]: " + Files.readString(log));
            }
            Thread.sleep(20);
        }
        process.destroyForcibly();
        throw new AssertionError("the rebuild process never printed [" + line + "]: " + Files.readString(log));
    }
}
