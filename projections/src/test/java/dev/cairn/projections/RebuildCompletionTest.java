package dev.cairn.projections;

import com.example.bank.Account;
import com.example.bank.BankHistory;
import com.example.projections.Balances;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import dev.cairn.aggregates.Cairn;
import dev.cairn.aggregates.CairnApplication;
import dev.cairn.eventstore.mongo.MongoEventStorageEngine;
import dev.cairn.eventstore.mongo.support.CairnCollections;
import dev.cairn.mongo.embedded.junit.EmbeddedMongoExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A running rebuild is a future (ADR 44): it completes by itself, without anyone waiting; a failed rebuild completes
 * it exceptionally with {@link RebuildFailedException}; cancelling it stops a blue/green build, resumably.
 */
@ExtendWith(EmbeddedMongoExtension.class)
class RebuildCompletionTest {

    private MongoDatabase database;
    private MongoEventStorageEngine engine;

    @BeforeEach
    void setUp(MongoDatabase database) {
        this.database = database;
        this.engine = MongoEventStorageEngine.builder().database(database).build();
    }

    @Test
    void aFailedRebuildCompletesItsFutureExceptionallyWithRebuildFailedExceptionAndReleasesItsClaim()
            throws Exception {
        // Given a projection caught up, whose handler then starts failing on one account's deposits
        BankHistory.write(engine, 40, 9, 5, 8);
        long head = engine.createHeadToken().position().orElseThrow();
        RebuildTest.FailingBalances handler = new RebuildTest.FailingBalances();
        CairnProjections projections = CairnProjections.builder()
                                                       .projection(handler, o -> o.owns(Balances.ACCOUNTS,
                                                                                        Balances.TOTALS)
                                                                                  .deadLettering(false))
                                                       .build();
        try (CairnApplication app = start(projections)) {
            assertThat(projections.awaitCaughtUp("balances", head, Duration.ofSeconds(30))).isTrue();
            handler.failing = true;

            // When it is rebuilt blue/green and nobody calls await
            Rebuild rebuild = projections.rebuild("balances", RebuildOptions.defaults().mode(RebuildMode.BLUE_GREEN));
            CompletableFuture<RebuildProgress> completion = rebuild.completion();

            // Then its future fails with RebuildFailedException naming the event, and the claim went with it
            assertThatThrownBy(() -> completion.get(30, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOf(RebuildFailedException.class)
                    .hasMessageContaining("MoneyDeposited")
                    .hasMessageContaining("cannot handle a deposit into account-7");
            assertThat(completion.isCompletedExceptionally()).isTrue();
            assertThat(completion.isCancelled()).isFalse();
            assertThat(rebuild.complete()).isFalse();
            assertThat(projections.liveVersion("balances")).isEqualTo(1);
            assertThat(database.getCollection(CairnCollections.PROJECTION_CONTROL)
                               .find(Filters.exists("rebuilder")).first()).isNull();

            // and await reports the same failure; the future cannot be completed from outside
            assertThatThrownBy(() -> rebuild.await(Duration.ofSeconds(1)))
                    .isInstanceOf(RebuildFailedException.class).hasMessageContaining("account-7");
            assertThatThrownBy(() -> completion.complete(null)).isInstanceOf(UnsupportedOperationException.class);
        }
    }

    @Test
    void cancellingABlueGreenBuildStopsItResumablyAndTheNextOneCompletesByItself() throws Exception {
        // Given 20,000 events and the projection caught up
        BankHistory history = BankHistory.write(engine, 400, 49, 10, 11);
        long head = engine.createHeadToken().position().orElseThrow();
        CairnProjections projections = RebuildTest.projections("node-a");
        try (CairnApplication app = start(projections)) {
            assertThat(projections.awaitCaughtUp("balances", head, Duration.ofSeconds(60))).isTrue();

            // When a blue/green rebuild is cancelled through its future while it replays
            Rebuild rebuild = projections.rebuild("balances", RebuildOptions.defaults().mode(RebuildMode.BLUE_GREEN)
                                                                            .batchSize(10));
            long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (positions(projections, "balances@v2").stream().noneMatch(position -> position > 0)
                    && System.nanoTime() - until < 0) {
                Thread.sleep(5); // until version 2's processor stored progress: it is running
            }
            boolean cancelled = rebuild.completion().cancel(true);

            // Then it is cancelled, its processor stopped (version 2's tokens stand still), readers stay on
            // version 1, and its claim is released
            assertThat(cancelled).isTrue();
            assertThat(rebuild.completion().isCancelled()).isTrue();
            assertThat(rebuild.complete()).isFalse();
            assertThatThrownBy(() -> rebuild.await(Duration.ofSeconds(1))).isInstanceOf(CancellationException.class);
            List<Long> positions = positions(projections, "balances@v2");
            Thread.sleep(500);
            assertThat(positions(projections, "balances@v2")).isEqualTo(positions);
            assertThat(positions).isNotEmpty().anySatisfy(position -> assertThat(position).isPositive())
                                 .allSatisfy(position -> assertThat(position).isLessThan(head));
            assertThat(projections.liveVersion("balances")).isEqualTo(1);
            assertThat(database.getCollection(CairnCollections.PROJECTION_CONTROL)
                               .find(Filters.exists("rebuilder")).first()).isNull();

            // When it is rebuilt again, and only its future is waited on
            Rebuild resumed = projections.rebuild("balances", RebuildOptions.defaults().mode(RebuildMode.BLUE_GREEN));
            RebuildProgress done = resumed.completion().get(120, TimeUnit.SECONDS);

            // Then it resumed version 2, completed by itself and switched readers
            assertThat(done.version()).isEqualTo(2);
            assertThat(done.phase()).isEqualTo("COMPLETE");
            assertThat(done.total()).isEqualTo(head);
            assertThat(resumed.complete()).isTrue();
            assertThat(projections.liveVersion("balances")).isEqualTo(2);
            assertThat(RebuildTest.total(projections)).isEqualTo(history.total());
        }
    }

    private static List<Long> positions(CairnProjections projections, String processorName) {
        return projections.tokenStore().segments(processorName).stream()
                          .map(segment -> segment.token() == null ? 0L : segment.token().position().orElse(0))
                          .toList();
    }

    private CairnApplication start(CairnProjections projections) {
        return Cairn.builder().database(database).aggregate(Account.class).extension(projections.extension()).start();
    }
}
