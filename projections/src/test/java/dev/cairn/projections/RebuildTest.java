package dev.cairn.projections;

import com.example.bank.Account;
import com.example.bank.BankHistory;
import com.example.projections.Balances;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import dev.cairn.aggregates.Cairn;
import dev.cairn.aggregates.CairnApplication;
import dev.cairn.eventstore.mongo.MongoEventStorageEngine;
import dev.cairn.eventstore.mongo.support.CairnCollections;
import dev.cairn.mongo.embedded.junit.EmbeddedMongoExtension;
import dev.cairn.processing.MongoTokenStore;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Rebuilds in place and blue/green over 20,000 events: each ends with the read model built incrementally, readers
 * always get a complete answer from one version, an interrupted rebuild is never reported complete and resumes, and a
 * node that does not let go of the projection makes an in-place rebuild refuse, naming it.
 */
@ExtendWith(EmbeddedMongoExtension.class)
class RebuildTest {

    private MongoDatabase database;
    private MongoEventStorageEngine engine;

    @BeforeEach
    void setUp(MongoDatabase database) {
        this.database = database;
        this.engine = MongoEventStorageEngine.builder().database(database).build();
    }

    @Test
    void inPlaceThenBlueGreenRebuildsEndWithTheIncrementalReadModelWhileReadersAlwaysGetACompleteAnswer()
            throws Exception {
        // Given 20,000 events over 400 accounts, and the read model built incrementally
        BankHistory history = BankHistory.write(engine, 400, 49, 10, 11);
        long head = engine.createHeadToken().position().orElseThrow();
        CairnProjections projections = projections("node-a");
        try (CairnApplication app = start(projections)) {
            assertThat(projections.awaitCaughtUp("balances", head, Duration.ofSeconds(60))).isTrue();
            List<Document> incremental = accounts(projections);
            assertThat(incremental).hasSize(400);

            // When it is rebuilt in place
            Rebuild inPlace = projections.rebuild("balances", RebuildOptions.defaults());
            ProjectionStatus during = projections.status("balances");
            boolean done = inPlace.await(Duration.ofSeconds(60));

            // Then the status said so while it ran, and it ends with the same read model and no marker
            assertThat(done).isTrue();
            assertThat(during.rebuild()).isNotNull();
            assertThat(during.rebuild().mode()).isEqualTo(RebuildMode.IN_PLACE);
            assertThat(during.rebuild().total()).isEqualTo(head);
            assertThat(accounts(projections)).isEqualTo(incremental);
            assertThat(projections.status("balances").rebuild()).isNull();
            assertThat(database.getCollection(CairnCollections.PROJECTION_CONTROL).countDocuments()).isZero();

            // When it is rebuilt blue/green while a reader queries it all along
            try (Reader reader = new Reader(projections, history)) {
                Rebuild blueGreen = projections.rebuild("balances", RebuildOptions.defaults()
                                                                                  .mode(RebuildMode.BLUE_GREEN));
                assertThat(blueGreen.await(Duration.ofSeconds(120))).isTrue();
                reader.readFor(Duration.ofMillis(400));

                // Then every read was complete and from one version; both versions were read; version 2 is live
                assertThat(reader.failures()).isEmpty();
                assertThat(reader.versionsSeen()).containsExactly("balances", "balances__v2");
            }
            assertThat(projections.liveVersion("balances")).isEqualTo(2);
            assertThat(accounts(projections)).isEqualTo(incremental);

            // and this node's processor follows version 2: new events land there, version 1 stays where it was
            BankHistory more = BankHistory.write(engine, "later-", 5, 4, 5, 3);
            long newHead = engine.createHeadToken().position().orElseThrow();
            assertThat(projections.awaitCaughtUp("balances", newHead, Duration.ofSeconds(30))).isTrue();
            assertThat(total(projections)).isEqualTo(history.total() + more.total());
            assertThat(projections.tokenStore().segments("balances"))
                    .allSatisfy(segment -> assertThat(segment.token().position().orElse(0)).isLessThan(newHead));

            // and cleaning drops version 1's collections and tokens
            assertThat(projections.clean("balances")).containsExactlyInAnyOrder("balances", "bank_totals");
            assertThat(projections.tokenStore().processorNames()).doesNotContain("balances");
            assertThat(accounts(projections)).hasSize(405);
        }
    }

    @Test
    void anInterruptedInPlaceRebuildIsNeverReportedCompleteAndRebuildingAgainResumesIt() throws Exception {
        // Given 20,000 events, a read model built incrementally, and a rebuild stopped by the process ending
        BankHistory history = BankHistory.write(engine, 400, 49, 10, 5);
        long head = engine.createHeadToken().position().orElseThrow();
        CairnProjections first = projections("node-a");
        try (CairnApplication app = start(first)) {
            assertThat(first.awaitCaughtUp("balances", head, Duration.ofSeconds(60))).isTrue();
            first.rebuild("balances", RebuildOptions.defaults());
        }

        // When another process reads the status
        ProjectionStatus stopped = ProjectionMonitor.on(database).status("balances");

        // Then the rebuild shows as under way, not complete
        assertThat(stopped.rebuild()).as("status %s", stopped).isNotNull();
        assertThat(stopped.rebuild().done()).isLessThan(stopped.rebuild().total());
        assertThat(stopped.state()).isEqualTo(ProjectionState.STOPPED);

        // When a new process rebuilds it again
        CairnProjections second = projections("node-b");
        try (CairnApplication app = start(second)) {
            Rebuild resumed = second.rebuild("balances", RebuildOptions.defaults());

            // Then it completes with the right read model
            assertThat(resumed.await(Duration.ofSeconds(120))).isTrue();
            assertThat(total(second)).isEqualTo(history.total());
            assertThat(accounts(second)).hasSize(400);
            assertThat(second.status("balances").rebuild()).isNull();
        }
    }

    @Test
    void aRebuildInterruptedWhileResettingReportsItselfAndIsResetAgain() throws Exception {
        // Given a projection caught up, then a marker left by a rebuild killed while it reset the tokens
        BankHistory history = BankHistory.write(engine, 40, 9, 5, 2);
        long head = engine.createHeadToken().position().orElseThrow();
        CairnProjections projections = projections("node-a");
        try (CairnApplication app = start(projections)) {
            assertThat(projections.awaitCaughtUp("balances", head, Duration.ofSeconds(30))).isTrue();
        }
        database.getCollection(CairnCollections.PROJECTION_CONTROL).insertOne(
                new Document("_id", "balances").append("paused", true).append("since", new Date())
                                               .append("by", "node-x")
                                               .append("rebuild", new Document("phase", "RESETTING")
                                                       .append("startedAt", Date.from(Instant.now()))
                                                       .append("head", head).append("by", "node-x")));
        database.getCollection(Balances.ACCOUNTS).deleteMany(new Document()); // the reset had begun emptying

        // When the status is read, and the projection is rebuilt again
        ProjectionStatus interrupted = ProjectionMonitor.on(database).status("balances");
        CairnProjections again = projections("node-b");
        try (CairnApplication app = start(again)) {
            Rebuild rebuild = again.rebuild("balances", RebuildOptions.defaults());

            // Then the status named the interruption, and the read model is whole again
            assertThat(interrupted.state()).isEqualTo(ProjectionState.INTERRUPTED);
            assertThat(rebuild.await(Duration.ofSeconds(60))).isTrue();
            assertThat(accounts(again)).hasSize(40);
            assertThat(total(again)).isEqualTo(history.total());
            assertThat(again.status("balances").state()).isIn(ProjectionState.RUNNING);
        }
    }

    @Test
    void anInPlaceRebuildRefusesWhileAnotherNodeHoldsTheProjectionNamingItAndItsClaimExpiry() throws Exception {
        // Given a node that holds a segment and does not follow the pause
        BankHistory.write(engine, 20, 4, 5, 1);
        MongoTokenStore stuck = MongoTokenStore.builder().database(database).nodeId("stuck-node")
                                               .claimTimeout(Duration.ofMinutes(5)).build();
        stuck.initializeTokenSegments("balances", 2);
        stuck.fetchToken("balances", 0);
        CairnProjections projections = projections("node-a");
        try (CairnApplication app = start(projections)) {
            // When an in-place rebuild is asked for
            // Then it refuses, naming the node and its claim expiry, and leaves the projection running
            assertThatThrownBy(() -> projections.rebuild("balances", RebuildOptions.defaults()
                                                                                   .claimWait(Duration.ofMillis(300))))
                    .isInstanceOf(RebuildRefusedException.class)
                    .hasMessageContaining("stuck-node")
                    .hasMessageContaining("claim expires");
            assertThat(projections.status("balances").state()).isNotIn(ProjectionState.PAUSED,
                                                                       ProjectionState.INTERRUPTED);
            assertThat(projections.status("balances").rebuild()).isNull();
            assertThat(projections.processor("balances").orElseThrow().isRunning()).isTrue();
        }
    }

    @Test
    void aBlueGreenBuildWhoseHandlerFailsStopsNamingTheEventWithoutSwitchingAndResumesAfterTheFix() throws Exception {
        // Given a projection caught up, whose handler then starts failing on one account's deposits
        BankHistory.write(engine, 40, 9, 5, 8);
        long head = engine.createHeadToken().position().orElseThrow();
        FailingBalances handler = new FailingBalances();
        CairnProjections projections = CairnProjections.builder()
                                                       .projection(handler, o -> o.owns(Balances.ACCOUNTS,
                                                                                        Balances.TOTALS)
                                                                                  .deadLettering(false))
                                                       .build();
        try (CairnApplication app = start(projections)) {
            assertThat(projections.awaitCaughtUp("balances", head, Duration.ofSeconds(30))).isTrue();
            long total = total(projections);
            handler.failing = true;

            // When it is rebuilt blue/green
            Rebuild rebuild = projections.rebuild("balances", RebuildOptions.defaults().mode(RebuildMode.BLUE_GREEN));
            long started = System.nanoTime();

            // Then the rebuild fails soon, naming the event, and readers stay on version 1
            assertThatThrownBy(() -> rebuild.await(Duration.ofSeconds(60)))
                    .isInstanceOf(RebuildFailedException.class)
                    .hasMessageContaining("MoneyDeposited")
                    .hasMessageContaining("cannot handle a deposit into account-7");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(20));
            assertThat(projections.liveVersion("balances")).isEqualTo(1);
            assertThat(total(projections)).isEqualTo(total);

            // When the handler is fixed and the rebuild asked for again, it resumes and switches
            handler.failing = false;
            Rebuild resumed = projections.rebuild("balances", RebuildOptions.defaults().mode(RebuildMode.BLUE_GREEN));
            assertThat(resumed.await(Duration.ofSeconds(60))).isTrue();
            assertThat(projections.liveVersion("balances")).isEqualTo(2);
            assertThat(total(projections)).isEqualTo(total);
        }
    }

    /** Fails on deposits into account-7 while {@code failing}. */
    @org.axonframework.config.ProcessingGroup("balances")
    public static class FailingBalances extends Balances {
        volatile boolean failing;

        @Override
        @org.axonframework.eventhandling.EventHandler
        public void on(com.example.bank.Bank.MoneyDeposited event, ReadModel readModel) {
            if (failing && event.accountId().equals("account-7")) {
                throw new IllegalStateException("cannot handle a deposit into " + event.accountId());
            }
            super.on(event, readModel);
        }
    }

    static CairnProjections projections(String node) {
        return CairnProjections.builder()
                               .projection(new Balances(), o -> o.owns(Balances.ACCOUNTS, Balances.TOTALS)
                                                                 .segments(4).deadLettering(false))
                               .tokenStore(store -> store.nodeId(node).claimTimeout(Duration.ofSeconds(3)))
                               .build();
    }

    private CairnApplication start(CairnProjections projections) {
        return Cairn.builder().database(database).aggregate(Account.class).extension(projections.extension()).start();
    }

    static List<Document> accounts(CairnProjections projections) {
        ReadModelCollection accounts = projections.readModel("balances").collection(Balances.ACCOUNTS);
        List<Document> all = new ArrayList<>(accounts.findAll(Filters.empty()));
        all.sort((a, b) -> a.getString("_id").compareTo(b.getString("_id")));
        return all;
    }

    static long total(CairnProjections projections) {
        return projections.readModel("balances").collection(Balances.TOTALS).find("all").orElseThrow()
                          .getLong("total");
    }

    /** Queries the read model in a loop; a complete answer has every account and the history's total. */
    static final class Reader implements AutoCloseable {
        private final Thread thread;
        private final List<String> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
        private final java.util.Set<String> versions = new java.util.concurrent.ConcurrentSkipListSet<>();
        private volatile boolean running = true;
        private final java.util.concurrent.atomic.AtomicLong reads = new java.util.concurrent.atomic.AtomicLong();

        Reader(CairnProjections projections, BankHistory history) {
            thread = new Thread(() -> {
                while (running) {
                    try {
                        ReadModelCollection accounts = projections.readModel("balances")
                                                                  .collection(Balances.ACCOUNTS);
                        List<Document> all = accounts.findAll(Filters.empty());
                        long sum = all.stream().mapToLong(d -> d.getLong("balance") == null ? 0
                                : d.getLong("balance")).sum();
                        versions.add(accounts.name());
                        if (all.size() != history.balances().size() || sum != history.total()) {
                            failures.add(accounts.name() + ": " + all.size() + " accounts, total " + sum);
                        }
                        reads.incrementAndGet();
                    } catch (RuntimeException e) {
                        failures.add(String.valueOf(e));
                    }
                }
            }, "reader");
            thread.start();
        }

        void readFor(Duration duration) throws InterruptedException {
            long until = reads.get();
            Thread.sleep(duration.toMillis());
            assertThat(reads.get()).isGreaterThan(until);
        }

        List<String> failures() {
            return failures;
        }

        java.util.Set<String> versionsSeen() {
            return versions;
        }

        @Override
        public void close() throws InterruptedException {
            running = false;
            thread.join(10_000);
        }
    }
}
