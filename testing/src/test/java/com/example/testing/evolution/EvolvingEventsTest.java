package com.example.testing.evolution;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import dev.cairn.aggregates.Cairn;
import dev.cairn.aggregates.CairnApplication;
import dev.cairn.eventstore.mongo.MongoEventStorageEngine;
import dev.cairn.eventstore.mongo.layout.StorageLayout;
import dev.cairn.mongo.embedded.junit.EmbeddedMongoExtension;
import dev.cairn.mongo.embedded.junit.StandardError;
import dev.cairn.projections.CairnProjections;
import com.example.testing.evolution.LegacyHistory.Old;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every case of "Evolving events" on the real engine: history written by an older version of the application is
 * loaded, streamed and projected by the current one.
 */
@ExtendWith(EmbeddedMongoExtension.class)
class EvolvingEventsTest {

    private static final String ACCOUNT = "acc-1";
    /** 100 € in cents − 25 € + 50 € − 1.50 € fee − 10 € hold captured. */
    private static final long BALANCE = 10_000 - 2_500 + 5_000 - 150 - 1_000;

    @Test
    void anAggregateLoadsFromEveryKindOfOldEventAndKeepsItsSequence(MongoDatabase database) {
        // Given the account's history as the old application stored it
        givenLegacyHistory(database);

        // When the current application, with its upcasters, handles a command on the account
        try (CairnApplication app = application(database).start()) {
            app.commandGateway().sendAndWait(new AccountCommands.Deposit(ACCOUNT, 50));

            // Then the state is built from the upcasted history, and the new event follows the old sequence
            Account account = load(app);
            assertThat(account.balanceInCents()).isEqualTo(BALANCE + 50);
            assertThat(account.feesInCents()).isEqualTo(150);
            assertThat(account.currency()).isEqualTo("EUR");
            List<? extends DomainEventMessage<?>> history = engine(app).readEvents(ACCOUNT).asStream().toList();
            assertThat(history.get(history.size() - 1).getSequenceNumber()).isEqualTo(7);
        }
    }

    @Test
    void anAggregateLoadsFromASnapshotTakenAfterUpcasting(MongoDatabase database) throws Exception {
        // Given the old history and a snapshot taken by the current application
        givenLegacyHistory(database);
        try (CairnApplication app = application(database).snapshotEvery(Account.class, 2).start()) {
            app.commandGateway().sendAndWait(new AccountCommands.Deposit(ACCOUNT, 50));
            awaitSnapshot(database);
        }

        // When the application restarts and loads the account
        try (CairnApplication app = application(database).snapshotEvery(Account.class, 2).start()) {
            app.commandGateway().sendAndWait(new AccountCommands.Withdraw(ACCOUNT, 50));

            // Then the snapshot and the events after it give the same state
            assertThat(engine(app).readSnapshot(ACCOUNT)).isPresent();
            assertThat(load(app).balanceInCents()).isEqualTo(BALANCE);
            assertThat(load(app).feesInCents()).isEqualTo(150);
        }
    }

    @Test
    void aSnapshotOfAnOlderAggregateRevisionIsNotLoaded(MongoDatabase database) throws Exception {
        // Given a snapshot of the account, then marked as written by the aggregate's revision 1
        givenLegacyHistory(database);
        try (CairnApplication app = application(database).snapshotEvery(Account.class, 2).start()) {
            app.commandGateway().sendAndWait(new AccountCommands.Deposit(ACCOUNT, 50));
            awaitSnapshot(database);
        }
        database.getCollection("snapshots").updateOne(Filters.eq("_id", ACCOUNT),
                                                      Updates.set(StorageLayout.PAYLOAD_REVISION, "1"));

        // When the application of revision 2 loads the account
        try (CairnApplication app = application(database).start()) {
            // Then the snapshot is ignored and the state comes from the events
            assertThat(engine(app).readSnapshot(ACCOUNT)).isEmpty();
            assertThat(load(app).balanceInCents()).isEqualTo(BALANCE + 50);
        }
    }

    @Test
    void aStreamDeliversUpcastedEventsWithConsistentSequencesAndTokens(MongoDatabase database) {
        // Given
        givenLegacyHistory(database);

        try (CairnApplication app = application(database).start()) {
            // When a processor streams from the beginning
            List<TrackedEventMessage<?>> events = new ArrayList<>();
            String warnings = StandardError.captured(() -> engine(app).readEvents(null, false).forEach(event -> {
                event.getPayload();
                events.add(event);
            }));

            // Then it sees the current types only: the split event twice, the merged pair once, the removed none
            assertThat(events).extracting(e -> e.getPayloadType().getSimpleName())
                              .containsExactly("AccountOpened", "Deposited", "Withdrawn", "Deposited", "FeeCharged",
                                               "Withdrawn");
            assertThat(events).extracting(e -> ((DomainEventMessage<?>) e).getSequenceNumber())
                              .containsExactly(0L, 1L, 2L, 3L, 3L, 5L);
            // the two halves of the split share their stored event's position; positions never go back
            assertThat(events.get(3).trackingToken()).isEqualTo(events.get(4).trackingToken());
            for (int i = 1; i < events.size(); i++) {
                assertThat(events.get(i).trackingToken().covers(events.get(i - 1).trackingToken())).isTrue();
            }
            assertThat(events.get(1).getPayload()).isEqualTo(new Deposited(ACCOUNT, 10_000));
            // and old type names that upcasters replace are not reported as refused types
            assertThat(warnings).doesNotContain("outside the allowed types");
        }
    }

    @Test
    void aProjectionBuiltFromOldEventsMatchesTheAggregate(MongoDatabase database) throws Exception {
        // Given
        givenLegacyHistory(database);
        CairnProjections projections = CairnProjections.builder()
                                                       .projection(new Balances(), options -> options.owns("balances"))
                                                       .build();

        // When the projection is built from the stored history
        try (CairnApplication app = application(database).extension(projections.extension()).start()) {
            List<? extends TrackedEventMessage<?>> stored = engine(app).readEvents(null, false).toList();
            long head = stored.get(stored.size() - 1).trackingToken().position().orElseThrow();
            assertThat(projections.awaitCaughtUp("balances", head, Duration.ofSeconds(10))).isTrue();

            // Then it holds what the aggregate holds
            Document balance = projections.readModel("balances").collection("balances").find(ACCOUNT).orElseThrow();
            assertThat(balance.getLong("cents")).isEqualTo(BALANCE).isEqualTo(load(app).balanceInCents());
            assertThat(balance.getLong("fees")).isEqualTo(150);
            assertThat(balance.getString("currency")).isEqualTo("EUR");

            // and a rebuild (stop, reset, replay from the stored history) gives the same again
            StreamingEventProcessor processor = projections.processor("balances").orElseThrow();
            processor.shutDown();
            processor.resetTokens();
            assertThat(projections.readModel("balances").collection("balances").find(ACCOUNT)).isEmpty();
            processor.start();
            assertThat(projections.awaitCaughtUp("balances", head, Duration.ofSeconds(10))).isTrue();
            assertThat(projections.readModel("balances").collection("balances").find(ACCOUNT).orElseThrow())
                    .isEqualTo(balance);
        }
    }

    @Test
    void theEventsAnUpcasterMadeOfOneStoredEventAreHandledInOneBatch(MongoDatabase database) throws Exception {
        // Given the old history, one event of which is split in two, and a projection taking batches of one event
        givenLegacyHistory(database);
        BatchesSeen seen = new BatchesSeen();
        CairnProjections projections = CairnProjections.builder().projection(seen, options -> options.batchSize(1))
                                                       .build();

        // When the projection catches up
        try (CairnApplication app = application(database).extension(projections.extension()).start()) {
            List<? extends TrackedEventMessage<?>> stored = engine(app).readEvents(null, false).toList();
            long head = stored.get(stored.size() - 1).trackingToken().position().orElseThrow();
            assertThat(projections.awaitCaughtUp("batches-seen", head, Duration.ofSeconds(10))).isTrue();

            // Then the deposit and the fee of the split event went in one batch, the batch size notwithstanding: a
            // token stored between them would count the second as done after a restart
            assertThat(seen.sharedPositions()).hasSize(1);
            long split = seen.sharedPositions().iterator().next();
            assertThat(seen.batchesAt(split)).hasSize(2);
            assertThat(new java.util.HashSet<>(seen.batchesAt(split))).hasSize(1);
        }
    }

    @Test
    void aRemovedTypeWithoutUpcasterStopsNeitherTheAggregateNorTheStream(MongoDatabase database) {
        // Given an event whose class no longer exists, in an allowed package, and no upcaster dropping it
        LegacyHistory.append(database, "Account", "acc-2", List.of(
                new Old(AccountOpened.class.getName(), null, Map.of("accountId", "acc-2", "owner", "bob")),
                new Old(AccountOpened.class.getPackageName() + ".InterestNoticeSent", null,
                        Map.of("accountId", "acc-2")),
                new Old(Deposited.class.getName(), "2", Map.of("accountId", "acc-2", "amountInCents", 700))));

        try (CairnApplication app = Cairn.builder().database(database).aggregate(Account.class).start()) {
            // When the aggregate handles a command and a processor streams the events
            app.commandGateway().sendAndWait(new AccountCommands.Withdraw("acc-2", 700));
            List<? extends TrackedEventMessage<?>> events = engine(app).readEvents(null, false).toList();

            // Then the old event reads as an unknown type that no handler matches, and everything around it flows
            assertThat(events).extracting(e -> e.getPayloadType().getSimpleName())
                              .containsExactly("AccountOpened", "UnknownSerializedType", "Deposited", "Withdrawn");
            assertThat(engine(app).readEvents("acc-2").asStream().count()).isEqualTo(4);
        }
    }

    private static void givenLegacyHistory(MongoDatabase database) {
        String pkg = "com.example.testing.evolution.";
        LegacyHistory.append(database, "Account", ACCOUNT, List.of(
                new Old(pkg + "AccountOpened", null, Map.of("accountId", ACCOUNT, "owner", "ada")),
                new Old(pkg + "Deposited", null, Map.of("accountId", ACCOUNT, "amount", 100)),
                new Old(EvolutionUpcasters.OLD_WITHDRAWN, null, Map.of("accountId", ACCOUNT, "amountInCents", 2_500)),
                new Old(DepositWithFeeSplit.OLD_TYPE, null,
                        Map.of("accountId", ACCOUNT, "amountInCents", 5_000, "feeInCents", 150)),
                new Old(HoldMerge.PLACED, null, Map.of("accountId", ACCOUNT, "amountInCents", 1_000)),
                new Old(HoldMerge.CAPTURED, null, Map.of("accountId", ACCOUNT)),
                new Old(EvolutionUpcasters.REMOVED, null, Map.of("accountId", ACCOUNT, "pages", 2))));
    }

    private static Cairn.Builder application(MongoDatabase database) {
        return EvolvedApplication.builder(database);
    }

    private static MongoEventStorageEngine engine(CairnApplication app) {
        return app.configuration().getComponent(MongoEventStorageEngine.class);
    }

    private static Account load(CairnApplication app) {
        return DefaultUnitOfWork.startAndGet(null).executeWithResult(
                () -> app.configuration().repository(Account.class).load(ACCOUNT).invoke(account -> account))
                                .getPayload();
    }

    private static void awaitSnapshot(MongoDatabase database) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (database.getCollection("snapshots").countDocuments(Filters.eq("_id", ACCOUNT)) == 0) {
            assertThat(System.nanoTime()).as("snapshot of %s taken within 10 s", ACCOUNT).isLessThan(deadline);
            Thread.sleep(20);
        }
    }
}
