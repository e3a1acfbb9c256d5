package dev.cairn.projections;

import com.example.bank.Account;
import com.example.bank.Bank;
import com.example.projections.NodeTally;
import com.mongodb.client.MongoDatabase;
import dev.cairn.aggregates.Cairn;
import dev.cairn.aggregates.CairnApplication;
import dev.cairn.mongo.embedded.junit.EmbeddedMongoExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.Objects;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A node whose batches keep failing releases its segment, and Axon keeps that node off the segment for a back-off
 * that doubles with each failure (up to a minute). The other node, holding its fair share, adopts the released
 * segment once it stayed unclaimed for half the claim timeout (ADR 92), so the projection keeps up while the failing
 * node cannot: every deposit is handled, by the healthy node.
 */
@ExtendWith(EmbeddedMongoExtension.class)
class FailingNodeTest {

    private static final Duration CLAIM_TIMEOUT = Duration.ofSeconds(2);
    private static final int ACCOUNTS = 20;
    private static final int DEPOSITS = 200;

    @Test
    void aHealthyNodeAdoptsTheSegmentAFailingNodeKeepsReleasing(MongoDatabase database) throws Exception {
        // Given two nodes running a projection of two segments, one segment each
        NodeTally tallyA = new NodeTally();
        NodeTally tallyB = new NodeTally();
        CairnProjections nodeA = projections("node-a", tallyA);
        CairnProjections nodeB = projections("node-b", tallyB);
        try (CairnApplication a = start(database, nodeA); CairnApplication b = start(database, nodeB)) {
            assertThat(await(() -> owners(nodeB) == 2, Duration.ofSeconds(30)))
                    .as("both nodes hold a segment: %s", nodeB.status("node-tally").segments()).isTrue();

            // When node A's handler fails on every deposit from now on, and deposits reach both segments
            tallyA.fail();
            for (int account = 0; account < ACCOUNTS; account++) {
                a.commandGateway().sendAndWait(new Bank.OpenAccount("account-" + account));
            }
            for (int deposit = 0; deposit < DEPOSITS; deposit++) {
                a.commandGateway().sendAndWait(new Bank.Deposit("account-" + deposit % ACCOUNTS, 1));
            }

            // Then node B handles every deposit, those of node A's segment included, while node A handles none
            boolean allHandled = await(() -> tallyB.distinctDeposits() == DEPOSITS, Duration.ofSeconds(30));
            assertThat(allHandled).as("node B handled %d of %d deposits; segments: %s", tallyB.distinctDeposits(),
                                      DEPOSITS, nodeB.status("node-tally").segments()).isTrue();
            assertThat(tallyA.distinctDeposits()).isZero();
        }
    }

    private static CairnProjections projections(String nodeId, NodeTally tally) {
        return CairnProjections.builder()
                               .projection(tally, o -> o.deadLettering(false).batchSize(10))
                               .tokenStore(store -> store.nodeId(nodeId).claimTimeout(CLAIM_TIMEOUT))
                               .build();
    }

    private static CairnApplication start(MongoDatabase database, CairnProjections projections) {
        return Cairn.builder().database(database).aggregate(Account.class).extension(projections.extension())
                    .start();
    }

    private static long owners(CairnProjections projections) {
        return projections.status("node-tally").segments().stream().map(SegmentStatus::owner)
                          .filter(Objects::nonNull).distinct().count();
    }

    private static boolean await(BooleanSupplier condition, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(20);
        }
        return condition.getAsBoolean();
    }
}
