package dev.cairn.projections;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import dev.cairn.aggregates.Cairn;
import dev.cairn.aggregates.CairnApplication;
import dev.cairn.eventstore.mongo.MongoEventStorageEngine;
import dev.cairn.mongo.embedded.junit.EmbeddedMongoExtension;
import com.example.bank.Account;
import com.example.projections.Balances;
import com.example.bank.Bank;
import com.example.bank.BankHistory;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DisallowReplay;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ReplayStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.bson.BsonDocument;
import org.bson.Document;
import org.bson.RawBsonDocument;
import org.bson.codecs.BsonDocumentCodec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A rebuild through Axon's reset and replay, from gap-aware tokens over a history with gaps: the reset empties what the
 * projection owns, {@code ReplayStatus} tells replayed events apart, {@code @DisallowReplay} handlers stay silent, and
 * the token documents stay small and readable all along.
 */
@ExtendWith(EmbeddedMongoExtension.class)
class ReplayTest {

    /**
     * Two more handlers in the projection's processing group: one counting deposits by replay status, one sending a
     * notification that must never be sent again during a replay.
     */
    @ProcessingGroup("balances")
    public static class Watchers {
        final AtomicInteger notifications = new AtomicInteger();
        final AtomicInteger replayedDeposits = new AtomicInteger();
        final AtomicInteger liveDeposits = new AtomicInteger();

        @EventHandler
        void count(Bank.MoneyDeposited event, ReplayStatus status) {
            (status.isReplay() ? replayedDeposits : liveDeposits).incrementAndGet();
        }
    }

    @ProcessingGroup("balances")
    public static class Notifier {
        private final Watchers watchers;

        Notifier(Watchers watchers) {
            this.watchers = watchers;
        }

        @EventHandler
        @DisallowReplay
        void notifyOwner(Bank.MoneyDeposited event) {
            watchers.notifications.incrementAndGet();
        }
    }

    @Test
    void aReplayOverAHistoryWithGapsKeepsTokensSmallAndRespectsReplayStatus(MongoDatabase database)
            throws Exception {
        // Given 20,000 events with 50 gaps, each left by a writer of an earlier version (which allocated indexes from
        // a counter) that died after reserving its index, before the store was opened by this version again
        MongoEventStorageEngine engine = MongoEventStorageEngine.builder().database(database).build();
        BankHistory history = null;
        for (int part = 0; part < 50; part++) {
            BankHistory written = BankHistory.write(engine, "part-" + part + "-", 40, 9, 10, part);
            history = history == null ? written : history;
            long reservedAndLost = engine.createHeadToken().position().orElseThrow() + 1;
            database.getCollection("sequences").replaceOne(Filters.eq("_id", "events"),
                                                           new Document("_id", "events").append("value",
                                                                                                reservedAndLost));
            engine = MongoEventStorageEngine.builder().database(database).build();
        }
        long head = engine.createHeadToken().position().orElseThrow();
        Watchers projection = new Watchers();
        Notifier notifier = new Notifier(projection);
        CairnProjections projections = CairnProjections.builder()
                                                       .projection(new Balances(), o -> o.owns(Balances.ACCOUNTS,
                                                                                           Balances.TOTALS)
                                                                                     .deadLettering(false))
                                                       .build();
        try (CairnApplication app = Cairn.builder().database(database).aggregate(Account.class)
                                         .extension(projections.extension())
                                         .configure(c -> c.eventProcessing().registerEventHandler(x -> projection)
                                                          .registerEventHandler(x -> notifier))
                                         .start()) {
            assertThat(projections.awaitCaughtUp("balances", head, Duration.ofSeconds(60)))
                    .as("caught up to %s: %s", head, projections.status("balances")).isTrue();
            long depositsTotal = totalOfDeposits(projections);
            assertThat(projection.notifications.get()).isEqualTo(50 * 40 * 9);
            assertThat(projection.liveDeposits.get()).isEqualTo(50 * 40 * 9);

            // When the projection is rebuilt: stopped, tokens reset, started again
            StreamingEventProcessor processor = projections.processor("balances").orElseThrow();
            processor.shutDown();
            processor.resetTokens();
            assertThat(projections.status("balances").state()).isIn(ProjectionState.STOPPED);
            AtomicLong largestToken = new AtomicLong();
            AtomicInteger replayingSeen = new AtomicInteger();
            processor.start();
            while (!projections.awaitCaughtUp("balances", head, Duration.ofMillis(20))) {
                largestToken.accumulateAndGet(largestTokenDocument(database), Math::max);
                if (projections.status("balances").state() == ProjectionState.REPLAYING) {
                    replayingSeen.incrementAndGet();
                }
            }

            // Then the read model is rebuilt exactly, replayed events were told apart, nothing was notified twice
            assertThat(totalOfDeposits(projections)).isEqualTo(depositsTotal);
            assertThat(projection.replayedDeposits.get()).isEqualTo(50 * 40 * 9);
            assertThat(projection.notifications.get()).isEqualTo(50 * 40 * 9);
            assertThat(replayingSeen.get()).isPositive();
            // and the tokens stayed small: their size follows the open gaps, not the events replayed
            System.out.printf("largest token document during the replay: %d bytes%n", largestToken.get());
            assertThat(largestToken.get()).isPositive().isLessThan(4_096);
            Document token = database.getCollection("cairn_tokens").find(Filters.eq("processorName", "balances"))
                                     .first().get("token", Document.class);
            assertThat(token.getString("type")).isIn("gapAware", "replay");
        }
    }

    private static long totalOfDeposits(CairnProjections projections) {
        return projections.readModel("balances").collection(Balances.TOTALS).find("all").orElseThrow()
                          .getLong("total");
    }

    private static long largestTokenDocument(MongoDatabase database) {
        long largest = 0;
        for (BsonDocument token : database.getCollection("cairn_tokens", BsonDocument.class)
                                          .find(Filters.eq("processorName", "balances"))) {
            largest = Math.max(largest, new RawBsonDocument(token, new BsonDocumentCodec()).getByteBuffer()
                                                                                            .remaining());
        }
        return largest;
    }
}
