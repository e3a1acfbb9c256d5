package dev.cairn.projections;

import com.example.bank.Account;
import com.example.bank.BankHistory;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import dev.cairn.aggregates.Cairn;
import dev.cairn.aggregates.CairnApplication;
import dev.cairn.eventstore.mongo.MongoEventStorageEngine;
import dev.cairn.mongo.embedded.junit.EmbeddedMongoExtension;
import dev.cairn.mongo.embedded.junit.MongoTarget;
import dev.cairn.processing.StoredSegment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two application nodes serve reads while a third process (as the command line does) rebuilds their projection
 * blue/green: no read fails or comes back incomplete, both nodes end on the new version, and neither runs the old
 * version's processor any more.
 */
@ExtendWith(EmbeddedMongoExtension.class)
class BlueGreenTwoNodesTest {

    @Test
    void bothNodesFollowTheSwitchWithoutAFailedReadAndStopTheOldVersion(MongoTarget target, MongoDatabase database)
            throws Exception {
        // Given 10,000 events, two nodes running the projection and serving reads
        MongoEventStorageEngine engine = MongoEventStorageEngine.builder().database(database).build();
        BankHistory history = BankHistory.write(engine, 200, 49, 10, 17);
        long head = engine.createHeadToken().position().orElseThrow();
        CairnProjections nodeA = RebuildTest.projections("node-a");
        CairnProjections nodeB = RebuildTest.projections("node-b");
        CairnProjections rebuilder = RebuildTest.projections("cli").select("balances", o -> o.batchSize(1_000));
        try (MongoClient clientA = MongoClients.create(target.connectionString());
             MongoClient clientB = MongoClients.create(target.connectionString());
             MongoClient clientCli = MongoClients.create(target.connectionString());
             CairnApplication a = start(clientA.getDatabase(database.getName()), nodeA);
             CairnApplication b = start(clientB.getDatabase(database.getName()), nodeB)) {
            assertThat(nodeA.awaitCaughtUp("balances", head, Duration.ofSeconds(60))).isTrue();

            // When another process rebuilds it blue/green while both nodes serve reads
            try (RebuildTest.Reader readerA = new RebuildTest.Reader(nodeA, history);
                 RebuildTest.Reader readerB = new RebuildTest.Reader(nodeB, history)) {
                try (CairnApplication cli = start(clientCli.getDatabase(database.getName()), rebuilder)) {
                    Rebuild rebuild = rebuilder.rebuild("balances", RebuildOptions.defaults()
                                                                                 .mode(RebuildMode.BLUE_GREEN));
                    assertThat(rebuild.await(Duration.ofSeconds(120))).isTrue();
                }
                readerA.readFor(Duration.ofMillis(600));
                readerB.readFor(Duration.ofMillis(600));

                // Then no read failed or was incomplete, on either node, and both read both versions
                assertThat(readerA.failures()).isEmpty();
                assertThat(readerB.failures()).isEmpty();
                assertThat(readerA.versionsSeen()).containsExactly("balances", "balances__v2");
                assertThat(readerB.versionsSeen()).containsExactly("balances", "balances__v2");
            }

            // and both nodes now process version 2 and hold no claim on version 1
            BankHistory more = BankHistory.write(engine, "later-", 4, 4, 5, 9);
            long newHead = engine.createHeadToken().position().orElseThrow();
            assertThat(nodeA.awaitCaughtUp("balances", newHead, Duration.ofSeconds(30))).isTrue();
            assertThat(nodeA.status("balances").version()).isEqualTo(2);
            assertThat(nodeB.status("balances").version()).isEqualTo(2);
            assertThat(RebuildTest.total(nodeB)).isEqualTo(history.total() + more.total());
            assertThat(nodeA.tokenStore().segments("balances"))
                    .allSatisfy(segment -> {
                        assertThat(segment.owner()).isNull();
                        assertThat(segment.token().position().orElse(0)).isLessThan(newHead);
                    });
            // (the rebuilding process is gone: version 2 is the nodes' own now)
            assertThat(nodeA.tokenStore().segments("balances@v2")).extracting(StoredSegment::owner)
                                                                  .doesNotContain("cli");
        }
    }

    private static CairnApplication start(MongoDatabase database, CairnProjections projections) {
        return Cairn.builder().database(database).aggregate(Account.class).extension(projections.extension())
                    .start();
    }
}
