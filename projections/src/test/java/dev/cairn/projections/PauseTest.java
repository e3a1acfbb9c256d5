package dev.cairn.projections;

import com.mongodb.client.MongoDatabase;
import dev.cairn.aggregates.Cairn;
import dev.cairn.aggregates.CairnApplication;
import dev.cairn.mongo.embedded.junit.EmbeddedMongoExtension;
import com.example.bank.Account;
import com.example.projections.Balances;
import com.example.bank.Bank.Deposit;
import com.example.bank.Bank.OpenAccount;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A paused projection releases its segments on every node and processes nothing until it is resumed; its status says
 * so from storage.
 */
@ExtendWith(EmbeddedMongoExtension.class)
class PauseTest {

    @Test
    void aPausedProjectionStopsEverywhereAndContinuesWhenResumed(MongoDatabase database) throws Exception {
        // Given a running projection
        CairnProjections projections = CairnProjections.builder()
                                                       .projection(new Balances(), o -> o.owns(Balances.ACCOUNTS,
                                                                                               Balances.TOTALS))
                                                       .build();
        try (CairnApplication app = Cairn.builder().database(database).aggregate(Account.class)
                                         .extension(projections.extension()).start()) {
            app.commandGateway().sendAndWait(new OpenAccount("p-1"));
            assertThat(projections.awaitCaughtUp("balances", app.lastAppendedPosition().orElseThrow(),
                                                 Duration.ofSeconds(10))).isTrue();

            // When it is paused and a deposit arrives
            projections.pause("balances");
            assertThat(awaitUnclaimed(projections, Duration.ofSeconds(10))).isTrue();
            app.commandGateway().sendAndWait(new Deposit("p-1", 40));
            long position = app.lastAppendedPosition().orElseThrow();

            // Then nothing processes it, and any process reading storage sees the projection paused
            assertThat(projections.awaitCaughtUp("balances", position, Duration.ofMillis(1_500))).isFalse();
            ProjectionStatus paused = ProjectionMonitor.on(database).status("balances");
            assertThat(paused.state()).isEqualTo(ProjectionState.PAUSED);
            assertThat(paused.lagEvents()).isEqualTo(1);

            // When it is resumed, then it continues from its tokens
            projections.resume("balances");
            assertThat(projections.awaitCaughtUp("balances", position, Duration.ofSeconds(10))).isTrue();
            assertThat(projections.readModel("balances").collection(Balances.ACCOUNTS).find("p-1").orElseThrow()
                                  .getLong("balance")).isEqualTo(40);
            assertThat(projections.status("balances").state()).isEqualTo(ProjectionState.RUNNING);
        }
    }

    private static boolean awaitUnclaimed(CairnProjections projections, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (projections.status("balances").segments().stream().allMatch(s -> s.owner() == null)) {
                return true;
            }
            Thread.sleep(20);
        }
        return false;
    }
}
