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
import org.axonframework.eventhandling.ReplayStatus;
import org.axonframework.eventhandling.ResetHandler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An in-place rebuild goes through Axon's reset: the projection group's own {@code @ResetHandler}s run once, and the
 * replayed events carry {@code ReplayStatus.REPLAY}.
 */
@ExtendWith(EmbeddedMongoExtension.class)
class InPlaceRebuildReplayTest {

    /** Another handler of the projection's processing group, as an application may have. */
    @ProcessingGroup("balances")
    public static class Auditor {
        final AtomicInteger resets = new AtomicInteger();
        final AtomicInteger replayed = new AtomicInteger();
        final AtomicInteger live = new AtomicInteger();

        @EventHandler
        void on(Bank.MoneyDeposited event, ReplayStatus status) {
            (status.isReplay() ? replayed : live).incrementAndGet();
        }

        @ResetHandler
        void reset() {
            resets.incrementAndGet();
        }
    }

    @Test
    void anInPlaceRebuildRunsResetHandlersOnceAndReplaysWithReplayStatus(MongoDatabase database) throws Exception {
        // Given 200 deposits handled live
        MongoEventStorageEngine engine = MongoEventStorageEngine.builder().database(database).build();
        BankHistory history = BankHistory.write(engine, 20, 10, 4, 6);
        long head = engine.createHeadToken().position().orElseThrow();
        Auditor auditor = new Auditor();
        CairnProjections projections = CairnProjections.builder()
                                                       .projection(new Balances(), o -> o.owns(Balances.ACCOUNTS,
                                                                                           Balances.TOTALS))
                                                       .build();
        try (CairnApplication app = Cairn.builder().database(database).aggregate(Account.class)
                                         .extension(projections.extension())
                                         .configure(c -> c.eventProcessing().registerEventHandler(x -> auditor))
                                         .start()) {
            assertThat(projections.awaitCaughtUp("balances", head, Duration.ofSeconds(30))).isTrue();
            assertThat(auditor.live.get()).isEqualTo(200);

            // When the projection is rebuilt in place
            Rebuild rebuild = projections.rebuild("balances", RebuildOptions.defaults());

            // Then the group's reset handler ran once, every deposit was replayed as a replay, the read model is exact
            assertThat(rebuild.await(Duration.ofSeconds(60))).isTrue();
            assertThat(auditor.resets.get()).isEqualTo(1);
            assertThat(auditor.replayed.get()).isEqualTo(200);
            assertThat(auditor.live.get()).isEqualTo(200);
            assertThat(projections.readModel("balances").collection(Balances.TOTALS).find("all").orElseThrow()
                                  .getLong("total")).isEqualTo(history.total());
        }
    }
}
