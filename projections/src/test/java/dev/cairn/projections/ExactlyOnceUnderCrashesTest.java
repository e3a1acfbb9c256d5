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
import com.example.bank.Bank;
import com.example.bank.BankHistory;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Exactly-once effect: a node dies between writing the read model and storing its token, its claims still held, at
 * least five times while building a projection over 20,000 events; the read model the survivors finish equals the
 * history's exact sums.
 */
@ExtendWith(EmbeddedMongoExtension.class)
class ExactlyOnceUnderCrashesTest {

    private static final Duration CLAIM_TIMEOUT = Duration.ofSeconds(1);

    /**
     * The projection of a node that dies: after a given number of deposits it writes the read model for one more,
     * then cuts its connection to MongoDB, so neither the token nor a claim release can be stored.
     */
    @ProcessingGroup("balances")
    public static class DyingBalances extends Balances {
        private final MongoClient client;
        private final AtomicInteger remaining;
        private volatile boolean dead;

        DyingBalances(MongoClient client, int depositsBeforeDeath) {
            this.client = client;
            this.remaining = new AtomicInteger(depositsBeforeDeath);
        }

        @Override
        @EventHandler
        public void on(Bank.MoneyDeposited event, ReadModel readModel) {
            super.on(event, readModel);
            if (remaining.decrementAndGet() == 0) {
                dead = true;
                client.close();
            }
        }

        boolean dead() {
            return dead;
        }
    }

    @Test
    void theReadModelEqualsTheHistoryAfterFiveCrashesBetweenWritesAndTokens(MongoTarget target,
                                                                            MongoDatabase database) throws Exception {
        // Given 20,000 events over 200 accounts
        MongoEventStorageEngine engine = MongoEventStorageEngine.builder().database(database).build();
        BankHistory history = BankHistory.write(engine, 200, 99, 10, 42);
        assertThat(history.events()).isEqualTo(20_000);
        long head = engine.createHeadToken().position().orElseThrow();

        // When five nodes in turn die part-way, each leaving its claims behind, and a sixth finishes
        List<CairnApplication> dead = new ArrayList<>();
        int crashes = 0;
        for (int node = 0; node < 5; node++) {
            MongoClient client = MongoClients.create(target.connectionString());
            DyingBalances projection = new DyingBalances(client, 1_500 + node * 250);
            CairnProjections projections = projections(projection, "node-" + node);
            CairnApplication app = start(client.getDatabase(database.getName()), projections);
            dead.add(app);
            awaitDeath(projection);
            crashes++;
        }
        MongoClient survivorClient = MongoClients.create(target.connectionString());
        CairnProjections survivor = projections(new Balances(), "survivor");
        try (CairnApplication app = start(survivorClient.getDatabase(database.getName()), survivor)) {
            assertThat(survivor.awaitCaughtUp("balances", head, Duration.ofSeconds(120))).isTrue();

            // Then every account and the summary hold the exact sums, as if nothing had crashed
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
            assertThat(crashes).isEqualTo(5);
            // and the markers of redelivered batches are gone right after their tokens are stored
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            long markers = markers(database, Balances.ACCOUNTS) + markers(database, Balances.TOTALS);
            while (markers > 0 && System.nanoTime() < deadline) {
                Thread.sleep(20);
                markers = markers(database, Balances.ACCOUNTS) + markers(database, Balances.TOTALS);
            }
            assertThat(markers).isZero();
        } finally {
            survivorClient.close();
            dead.forEach(CairnApplication::close);
        }
    }

    private static long markers(MongoDatabase database, String collection) {
        long markers = 0;
        for (Document document : database.getCollection(collection).find()) {
            Document bookkeeping = document.get("_cairn", Document.class);
            Document pending = bookkeeping == null ? null : bookkeeping.get("pending", Document.class);
            markers += pending == null ? 0 : pending.size();
        }
        return markers;
    }

    private static CairnProjections projections(Balances projection, String nodeId) {
        return CairnProjections.builder()
                               .projection(projection, o -> o.owns(Balances.ACCOUNTS, Balances.TOTALS)
                                                             .deadLettering(false))
                               .tokenStore(store -> store.nodeId(nodeId).claimTimeout(CLAIM_TIMEOUT))
                               .build();
    }

    private static CairnApplication start(MongoDatabase database, CairnProjections projections) {
        return Cairn.builder().database(database).aggregate(Account.class).extension(projections.extension())
                    .start();
    }

    private static void awaitDeath(DyingBalances projection) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (!projection.dead()) {
            assertThat(System.nanoTime()).as("the node processed its deposits before dying").isLessThan(deadline);
            Thread.sleep(10);
        }
    }
}
