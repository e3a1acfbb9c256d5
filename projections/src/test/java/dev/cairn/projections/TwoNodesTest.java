package dev.cairn.projections;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import dev.cairn.aggregates.Cairn;
import dev.cairn.aggregates.CairnApplication;
import dev.cairn.eventstore.mongo.MongoEventStorageEngine;
import dev.cairn.mongo.embedded.junit.EmbeddedMongoExtension;
import dev.cairn.mongo.embedded.junit.MongoTarget;
import com.example.bank.Account;
import com.example.projections.Balances;
import com.example.bank.BankHistory;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two application nodes share a projection's segments; when one dies without releasing its claims, the other takes
 * its segments over within the claim timeout plus a batch, and the read model ends exact.
 */
@ExtendWith(EmbeddedMongoExtension.class)
class TwoNodesTest {

    private static final Duration CLAIM_TIMEOUT = Duration.ofSeconds(2);

    @Test
    void theSurvivorTakesOverTheDeadNodesSegmentsWithinTheClaimTimeout(MongoTarget target, MongoDatabase database)
            throws Exception {
        // Given a history, and two nodes running the projection
        MongoEventStorageEngine engine = MongoEventStorageEngine.builder().database(database).build();
        BankHistory history = BankHistory.write(engine, 100, 49, 10, 7);
        long head = engine.createHeadToken().position().orElseThrow();
        MongoClient clientA = MongoClients.create(target.connectionString());
        MongoClient clientB = MongoClients.create(target.connectionString());
        CairnProjections nodeA = projections("node-a");
        CairnProjections nodeB = projections("node-b");
        try (CairnApplication a = start(clientA.getDatabase(database.getName()), nodeA);
             CairnApplication b = start(clientB.getDatabase(database.getName()), nodeB)) {
            assertThat(awaitOwners(nodeB, 2, Duration.ofSeconds(30)))
                    .as("both nodes hold segments: %s", nodeB.status("balances").segments()).isTrue();

            // When node A dies: its connection is cut, so it neither stores tokens nor releases claims
            clientA.close();
            long died = System.nanoTime();
            boolean tookOver = awaitOwnedBy(nodeB, "node-b", Duration.ofSeconds(30));
            Duration takeover = Duration.ofNanos(System.nanoTime() - died);

            // Then node B owns every segment within the claim timeout plus a claim round and a batch
            assertThat(tookOver).isTrue();
            assertThat(takeover).isLessThan(CLAIM_TIMEOUT.plusSeconds(3));
            assertThat(nodeB.awaitCaughtUp("balances", head, Duration.ofSeconds(60))).isTrue();
            ReadModel readModel = nodeB.readModel("balances");
            for (Map.Entry<String, Long> expected : history.balances().entrySet()) {
                Document account = readModel.collection(Balances.ACCOUNTS).find(expected.getKey()).orElseThrow();
                assertThat(account.getLong("balance")).as(expected.getKey()).isEqualTo(expected.getValue());
            }
            assertThat(readModel.collection(Balances.TOTALS).find("all").orElseThrow().getLong("total"))
                    .isEqualTo(history.total());
        } finally {
            clientB.close();
        }
    }

    private static CairnProjections projections(String nodeId) {
        return CairnProjections.builder()
                               .projection(new Balances(), o -> o.owns(Balances.ACCOUNTS, Balances.TOTALS)
                                                                 .deadLettering(false).batchSize(10))
                               .tokenStore(store -> store.nodeId(nodeId).claimTimeout(CLAIM_TIMEOUT))
                               .build();
    }

    private static CairnApplication start(MongoDatabase database, CairnProjections projections) {
        return Cairn.builder().database(database).aggregate(Account.class).extension(projections.extension())
                    .start();
    }

    private static boolean awaitOwners(CairnProjections projections, int owners, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            long distinct = projections.status("balances").segments().stream().map(SegmentStatus::owner)
                                       .filter(java.util.Objects::nonNull).distinct().count();
            if (distinct == owners) {
                return true;
            }
            Thread.sleep(20);
        }
        return false;
    }

    private static boolean awaitOwnedBy(CairnProjections projections, String node, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (projections.status("balances").segments().stream().allMatch(s -> node.equals(s.owner()))) {
                return true;
            }
            Thread.sleep(20);
        }
        return false;
    }
}
