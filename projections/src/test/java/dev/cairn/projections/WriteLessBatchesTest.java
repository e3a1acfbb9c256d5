package dev.cairn.projections;

import com.example.bank.Account;
import com.example.bank.BankHistory;
import com.example.projections.DepositTally;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import dev.cairn.aggregates.Cairn;
import dev.cairn.aggregates.CairnApplication;
import dev.cairn.eventstore.mongo.MongoEventStorageEngine;
import dev.cairn.eventstore.mongo.support.CairnCollections;
import dev.cairn.mongo.embedded.junit.CommandCounter;
import dev.cairn.mongo.embedded.junit.EmbeddedMongoExtension;
import dev.cairn.mongo.embedded.junit.MongoTarget;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A projection whose batches change nothing stores its tokens at most every 50 ms per segment instead of once per
 * batch (ADR 90), and still ends with every segment's token at the head and every event handled.
 */
@ExtendWith(EmbeddedMongoExtension.class)
class WriteLessBatchesTest {

    @Test
    void batchesThatWroteNothingShareTheirTokenWritesAndTheTokensStillReachTheHead(MongoTarget target)
            throws Exception {
        CommandCounter counter = new CommandCounter();
        try (MongoClient client = counter.newClient(target.connectionString())) {
            MongoDatabase database = client.getDatabase("write_less_" + UUID.randomUUID().toString().substring(0, 8));
            try {
                // Given 1,500 deposits over 30 accounts, and a projection writing nothing in batches of one event
                MongoEventStorageEngine engine = MongoEventStorageEngine.builder().database(database).build();
                BankHistory.write(engine, 30, 50, 5, 7);
                long head = engine.createHeadToken().position().orElseThrow();
                DepositTally tally = new DepositTally();
                CairnProjections projections = CairnProjections.builder()
                                                               .projection(tally, o -> o.batchSize(1).segments(2))
                                                               .build();

                // When it catches up
                counter.reset();
                try (CairnApplication ignored = Cairn.builder().database(database).aggregate(Account.class)
                                                     .extension(projections.extension()).start()) {
                    assertThat(projections.awaitCaughtUp("deposit-tally", head, Duration.ofSeconds(60))).isTrue();
                    long tokenWrites = counter.count("update", CairnCollections.TOKENS);

                    // Then every deposit was handled, in 1,500 batches of one, with far fewer token writes
                    assertThat(tally.distinctDeposits()).isEqualTo(1_500);
                    assertThat(tokenWrites).as("token writes for 1,500 one-event batches").isLessThan(500);
                    // and every segment's stored token is at the head
                    assertThat(projections.tokenStore().segments("deposit-tally"))
                            .hasSize(2)
                            .allSatisfy(segment -> assertThat(segment.token().position().orElse(0))
                                    .isEqualTo(head));
                }
            } finally {
                database.drop();
            }
        }
    }
}
