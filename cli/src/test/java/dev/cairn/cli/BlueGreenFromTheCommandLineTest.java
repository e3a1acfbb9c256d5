package dev.cairn.cli;

import com.example.bank.BankHistory;
import com.example.cli.Balances;
import com.example.cli.BankCli;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import dev.cairn.aggregates.CairnApplication;
import dev.cairn.cli.support.CliRun;
import dev.cairn.cli.support.Projections;
import dev.cairn.mongo.embedded.junit.EmbeddedMongoExtension;
import dev.cairn.mongo.embedded.junit.MongoTarget;
import dev.cairn.processing.StoredSegment;
import dev.cairn.projections.CairnProjections;
import dev.cairn.projections.ReadModelCollection;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two application nodes serve reads while an operator rebuilds their projection blue/green with the command line:
 * zero failed or incomplete reads on either node, both nodes on the new version afterwards, neither running the old
 * version's processor any more.
 */
@ExtendWith(EmbeddedMongoExtension.class)
class BlueGreenFromTheCommandLineTest {

    @Test
    void twoNodesServeEveryReadAndFollowTheSwitchTheCommandLineMakes(MongoTarget mongo, MongoDatabase database)
            throws Exception {
        // Given a history and two nodes running the projection
        BankHistory history = BankHistory.write(database, "account-", 60, 24, 21);
        Balances.poisoned = false;
        BankCli app = new BankCli();
        try (MongoClient clientA = MongoClients.create(mongo.connectionString());
             MongoClient clientB = MongoClients.create(mongo.connectionString())) {
            // two nodes in one JVM: each its own node id (by default it is the host and process)
            CairnProjections nodeA = node("node-a");
            CairnProjections nodeB = node("node-b");
            try (CairnApplication a = start(app, clientA.getDatabase(database.getName()), nodeA);
                 CairnApplication b = start(app, clientB.getDatabase(database.getName()), nodeB)) {
                assertThat(nodeA.awaitCaughtUp(Balances.NAME, Projections.head(database), Duration.ofSeconds(60)))
                        .isTrue();

                // When the command line rebuilds it blue/green while both nodes serve reads
                CliRun rebuild;
                try (Reader readerA = new Reader(nodeA, history); Reader readerB = new Reader(nodeB, history)) {
                    rebuild = ProjectionCommandsTest.run(mongo, database, app, "projections", "rebuild",
                                                         Balances.NAME, "--blue-green", "--progress", "none");
                    Thread.sleep(600); // both nodes follow within their polling bound, and go on serving reads

                    // Then no read failed or came back incomplete, and both nodes read both versions
                    assertThat(rebuild.exitCode()).as(rebuild.toString()).isZero();
                    assertThat(readerA.failures).isEmpty();
                    assertThat(readerB.failures).isEmpty();
                    assertThat(readerA.versions).containsExactly(Balances.ACCOUNTS, Balances.ACCOUNTS + "__v2");
                    assertThat(readerB.versions).containsExactly(Balances.ACCOUNTS, Balances.ACCOUNTS + "__v2");
                }

                // and both nodes run version 2 and hold no claim on version 1
                assertThat(nodeA.status(Balances.NAME).version()).isEqualTo(2);
                assertThat(nodeB.status(Balances.NAME).version()).isEqualTo(2);
                assertThat(nodeA.processor(Balances.NAME).orElseThrow().isRunning()).isTrue();
                assertThat(nodeB.processor(Balances.NAME).orElseThrow().isRunning()).isTrue();
                assertThat(nodeA.tokenStore().segments(Balances.NAME)).extracting(StoredSegment::owner)
                                                                      .containsOnlyNulls();
            }
        }
    }

    private static CairnProjections node(String nodeId) {
        return CairnProjections.builder().projection(new Balances(), o -> o.owns(Balances.ACCOUNTS))
                               .tokenStore(store -> store.nodeId(nodeId)).build();
    }

    private static CairnApplication start(BankCli app, MongoDatabase database, CairnProjections projections) {
        return app.configure(dev.cairn.aggregates.Cairn.builder().database(database))
                  .extension(projections.extension()).start();
    }

    /** Queries the balances in a loop; a complete answer has every account with its exact balance sum. */
    private static final class Reader implements AutoCloseable {
        final List<String> failures = new CopyOnWriteArrayList<>();
        final Set<String> versions = new ConcurrentSkipListSet<>();
        private final AtomicBoolean reading = new AtomicBoolean(true);
        private final AtomicLong reads = new AtomicLong();
        private final Thread thread;

        Reader(CairnProjections projections, BankHistory history) {
            long total = history.balances().values().stream().mapToLong(Long::longValue).sum();
            thread = new Thread(() -> {
                while (reading.get()) {
                    try {
                        ReadModelCollection accounts = projections.readModel(Balances.NAME)
                                                                  .collection(Balances.ACCOUNTS);
                        List<Document> all = accounts.findAll(Filters.empty());
                        long sum = all.stream().mapToLong(d -> d.get("balance", Number.class) == null ? 0
                                : d.get("balance", Number.class).longValue()).sum();
                        versions.add(accounts.name());
                        if (all.size() != history.balances().size() || sum != total) {
                            failures.add(accounts.name() + ": " + all.size() + " accounts, total " + sum);
                        }
                        reads.incrementAndGet();
                    } catch (RuntimeException e) {
                        failures.add(String.valueOf(e));
                    }
                }
            }, "reader");
            thread.start();
        }

        @Override
        public void close() throws InterruptedException {
            reading.set(false);
            thread.join(10_000);
            assertThat(reads.get()).isPositive();
        }
    }
}
