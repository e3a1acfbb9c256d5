package com.example.projections;

import com.example.bank.Account;
import com.example.bank.Bank;
import com.example.bank.BankHistory;
import com.mongodb.client.MongoDatabase;
import dev.cairn.aggregates.Cairn;
import dev.cairn.aggregates.CairnApplication;
import dev.cairn.eventstore.mongo.MongoEventStorageEngine;
import dev.cairn.mongo.embedded.junit.EmbeddedMongoExtension;
import dev.cairn.projections.CairnProjections;
import dev.cairn.projections.Rebuild;
import dev.cairn.projections.RebuildOptions;
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
 * A reset returns at once (as {@code cairn projections reset} does) and the projection's nodes replay; a rebuild asked
 * for after that replay finished is a new rebuild, never the resumption of the finished one.
 */
@ExtendWith(EmbeddedMongoExtension.class)
class RebuildAfterResetTest {

    /** Another handler of the projection's processing group, counting resets and replayed deposits. */
    @ProcessingGroup("balances")
    public static class Auditor {
        final AtomicInteger resets = new AtomicInteger();
        final AtomicInteger replayed = new AtomicInteger();

        @EventHandler
        void on(Bank.MoneyDeposited event, ReplayStatus status) {
            if (status.isReplay()) {
                replayed.incrementAndGet();
            }
        }

        @ResetHandler
        void reset() {
            resets.incrementAndGet();
        }
    }

    @Test
    void aRebuildAfterAFinishedResetReplaysAgain(MongoDatabase database) throws Exception {
        // Given 2,000 deposits, a node that reset the projection and stopped at once, as the command line does
        MongoEventStorageEngine engine = MongoEventStorageEngine.builder().database(database).build();
        BankHistory.write(engine, 100, 20, 4, 11);
        long head = engine.createHeadToken().position().orElseThrow();
        CairnProjections first = projections();
        try (CairnApplication app = start(database, first, new Auditor())) {
            assertThat(first.awaitCaughtUp("balances", head, Duration.ofSeconds(60))).isTrue();
            first.reset("balances");
        }
        // and a node running the projection that finished the replay
        Auditor auditor = new Auditor();
        CairnProjections second = projections();
        try (CairnApplication app = start(database, second, auditor)) {
            assertThat(second.awaitCaughtUp("balances", head, Duration.ofSeconds(60))).isTrue();
            int replayedBefore = auditor.replayed.get();

            // When that node rebuilds the projection in place
            Rebuild rebuild = second.rebuild("balances", RebuildOptions.defaults());

            // Then the rebuild reset the projection and replayed every deposit again
            assertThat(rebuild.await(Duration.ofSeconds(60))).isTrue();
            assertThat(auditor.resets.get()).isEqualTo(1);
            assertThat(auditor.replayed.get() - replayedBefore).isEqualTo(2_000);
        }
    }

    private static CairnProjections projections() {
        return CairnProjections.builder()
                               .projection(new Balances(), o -> o.owns(Balances.ACCOUNTS, Balances.TOTALS))
                               .build();
    }

    private static CairnApplication start(MongoDatabase database, CairnProjections projections, Auditor auditor) {
        return Cairn.builder().database(database).aggregate(Account.class).extension(projections.extension())
                    .configure(c -> c.eventProcessing().registerEventHandler(x -> auditor)).start();
    }
}
