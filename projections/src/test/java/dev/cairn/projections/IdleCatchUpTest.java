package dev.cairn.projections;

import com.example.bank.Account;
import com.example.bank.Bank;
import com.example.projections.Balances;
import com.mongodb.client.MongoDatabase;
import dev.cairn.aggregates.Cairn;
import dev.cairn.aggregates.CairnApplication;
import dev.cairn.mongo.embedded.junit.EmbeddedMongoExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Once commits stop, a projection's status falls to no lag at once: no segment waits for a claim extension, a poll or
 * a buffer before its stored token reaches the head (the demo's lag chart stayed flat for seconds after the last
 * commit). Bursts of 400 deposits from four threads, three times.
 */
@ExtendWith(EmbeddedMongoExtension.class)
class IdleCatchUpTest {

    private static final int ACCOUNTS = 20;

    @Test
    void afterTheLastCommitTheStatusShowsNoLagWithinAFewHundredMilliseconds(MongoDatabase database) throws Exception {
        // Given a projection of two segments (the defaults) on a running application
        CairnProjections projections = CairnProjections.builder()
                .projection(new Balances(), o -> o.owns(Balances.ACCOUNTS, Balances.TOTALS)).build();
        try (CairnApplication app = Cairn.builder().database(database).aggregate(Account.class)
                                         .extension(projections.extension()).start()) {
            for (int a = 0; a < ACCOUNTS; a++) {
                app.commandGateway().sendAndWait(new Bank.OpenAccount("idle-" + a));
            }
            List<Long> catchUps = new ArrayList<>();
            ExecutorService senders = Executors.newFixedThreadPool(4);
            try {
                for (int round = 0; round < 3; round++) {
                    // When a burst of commands ends
                    List<Future<?>> burst = new ArrayList<>();
                    for (int t = 0; t < 4; t++) {
                        int thread = t;
                        burst.add(senders.submit(() -> {
                            for (int i = 0; i < 100; i++) {
                                app.commandGateway().sendAndWait(new Bank.Deposit("idle-" + (thread * 5 + i) % ACCOUNTS,
                                                                                  1));
                            }
                        }));
                    }
                    for (Future<?> sender : burst) {
                        sender.get();
                    }
                    long lastCommit = System.nanoTime();
                    long deadline = lastCommit + Duration.ofSeconds(10).toNanos();
                    while (projections.status("balances").lagEvents() > 0 && System.nanoTime() < deadline) {
                        Thread.sleep(5);
                    }
                    catchUps.add((System.nanoTime() - lastCommit) / 1_000_000);
                }
            } finally {
                senders.shutdownNow();
            }

            System.out.printf("idle catch-up: milliseconds from the last commit to no lag %s%n", catchUps);

            // Then each time the lag was gone well before the former claim-extension and poll delays added up
            assertThat(catchUps).as("milliseconds from the last commit to no lag").allSatisfy(
                    millis -> assertThat(millis).isLessThan(200));
        }
    }
}
