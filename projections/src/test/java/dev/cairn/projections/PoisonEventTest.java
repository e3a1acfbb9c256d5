package dev.cairn.projections;

import com.mongodb.client.MongoDatabase;
import dev.cairn.aggregates.Cairn;
import dev.cairn.aggregates.CairnApplication;
import dev.cairn.eventstore.mongo.MongoEventStorageEngine;
import dev.cairn.mongo.embedded.junit.EmbeddedMongoExtension;
import com.example.bank.Account;
import com.example.projections.Balances;
import com.example.bank.Bank;
import com.example.bank.BankHistory;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A poison event parks only its aggregate's sequence in the dead-letter queue while the projection goes on; once the
 * handler is fixed, retrying the dead letters from a new application (their stored tokens read back there) completes
 * the read model.
 */
@ExtendWith(EmbeddedMongoExtension.class)
class PoisonEventTest {

    /** Fails on every deposit into one account while {@code poisoned}. */
    @ProcessingGroup("balances")
    public static class PickyBalances extends Balances {
        volatile boolean poisoned = true;

        @Override
        @EventHandler
        public void on(Bank.MoneyDeposited event, ReadModel readModel) {
            if (poisoned && event.accountId().equals("account-13")) {
                throw new IllegalStateException("cannot handle a deposit into " + event.accountId());
            }
            super.on(event, readModel);
        }
    }

    @Test
    void aPoisonEventParksOnlyItsAggregateAndARetryAfterTheFixCompletesTheReadModel(MongoDatabase database)
            throws Exception {
        // Given a history over 20 accounts, and a projection that cannot handle deposits into one of them
        MongoEventStorageEngine engine = MongoEventStorageEngine.builder().database(database).build();
        BankHistory history = BankHistory.write(engine, 20, 9, 3, 13);
        long head = engine.createHeadToken().position().orElseThrow();
        PickyBalances projection = new PickyBalances();
        CairnProjections projections = CairnProjections.builder()
                                                       .projection(projection, o -> o.owns(Balances.ACCOUNTS,
                                                                                           Balances.TOTALS))
                                                       .build();
        try (CairnApplication app = Cairn.builder().database(database).aggregate(Account.class)
                                         .extension(projections.extension()).start()) {
            // When the projection runs
            assertThat(projections.awaitCaughtUp("balances", head, Duration.ofSeconds(30))).isTrue();

            // Then every other account is exact, and account-13's deposits wait in the dead-letter queue
            ReadModel readModel = projections.readModel("balances");
            for (Map.Entry<String, Long> expected : history.balances().entrySet()) {
                long balance = readModel.collection(Balances.ACCOUNTS).find(expected.getKey()).orElseThrow()
                                        .get("balance", 0L);
                assertThat(balance).as(expected.getKey())
                                   .isEqualTo(expected.getKey().equals("account-13") ? 0 : expected.getValue());
            }
            ProjectionStatus parked = projections.status("balances");
            assertThat(parked.deadLetters()).isEqualTo(9);
            assertThat(parked.state()).isEqualTo(ProjectionState.RUNNING);
        }

        // When the handler is fixed, and another process (a new application) retries the dead letters
        PickyBalances fixed = new PickyBalances();
        fixed.poisoned = false;
        projections = CairnProjections.builder()
                                      .projection(fixed, o -> o.owns(Balances.ACCOUNTS, Balances.TOTALS))
                                      .build();
        try (CairnApplication app = Cairn.builder().database(database).aggregate(Account.class)
                                         .extension(projections.extension()).start()) {
            int retried = projections.retryDeadLetters("balances");
            ReadModel readModel = projections.readModel("balances");

            // Then account-13 is exact too, and nothing is left parked
            assertThat(retried).isEqualTo(1);
            assertThat(readModel.collection(Balances.ACCOUNTS).find("account-13").orElseThrow().getLong("balance"))
                    .isEqualTo(history.balances().get("account-13"));
            assertThat(readModel.collection(Balances.TOTALS).find("all").orElseThrow().getLong("total"))
                    .isEqualTo(history.total());
            assertThat(projections.status("balances").deadLetters()).isZero();
        }
    }

    @Test
    void anInPlaceRebuildAfterTheFixReplaysTheParkedEventsAndLeavesNoDeadLetters(MongoDatabase database)
            throws Exception {
        // Given account-13's deposits parked by a bug
        MongoEventStorageEngine engine = MongoEventStorageEngine.builder().database(database).build();
        BankHistory history = BankHistory.write(engine, 20, 9, 3, 13);
        long head = engine.createHeadToken().position().orElseThrow();
        PickyBalances projection = new PickyBalances();
        CairnProjections projections = CairnProjections.builder()
                                                       .projection(projection, o -> o.owns(Balances.ACCOUNTS,
                                                                                           Balances.TOTALS))
                                                       .build();
        try (CairnApplication app = Cairn.builder().database(database).aggregate(Account.class)
                                         .extension(projections.extension()).start()) {
            assertThat(projections.awaitCaughtUp("balances", head, Duration.ofSeconds(30))).isTrue();
            assertThat(projections.status("balances").deadLetters()).isEqualTo(9);

            // When the handler is fixed and the projection rebuilt in place
            projection.poisoned = false;
            assertThat(projections.rebuild("balances", RebuildOptions.defaults()).await(Duration.ofSeconds(60)))
                    .isTrue();

            // Then the replay handled the parked events: nothing is left parked and the read model is exact
            assertThat(projections.status("balances").deadLetters()).isZero();
            ReadModel readModel = projections.readModel("balances");
            assertThat(readModel.collection(Balances.ACCOUNTS).find("account-13").orElseThrow().getLong("balance"))
                    .isEqualTo(history.balances().get("account-13"));
            assertThat(readModel.collection(Balances.TOTALS).find("all").orElseThrow().getLong("total"))
                    .isEqualTo(history.total());
        }
    }
}
