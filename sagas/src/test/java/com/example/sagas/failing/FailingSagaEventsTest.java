package com.example.sagas.failing;

import com.example.shop.Shop;
import com.example.shop.Wallet;
import com.mongodb.client.MongoDatabase;
import dev.cairn.aggregates.Cairn;
import dev.cairn.aggregates.CairnApplication;
import dev.cairn.eventstore.mongo.support.CairnCollections;
import dev.cairn.mongo.embedded.junit.EmbeddedMongoExtension;
import dev.cairn.processing.InitialPosition;
import dev.cairn.sagas.CairnSagas;
import dev.cairn.sagas.ParkedSagaEvents;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A failing saga event is never skipped (ADR 51): it is retried with backoff, then parked with the saga's later events
 * waiting behind it, while the other sagas of the processor go on; an operator retries it once the cause is fixed.
 */
@ExtendWith(EmbeddedMongoExtension.class)
class FailingSagaEventsTest {

    @BeforeEach
    void reset() {
        LedgerSaga.reset();
    }

    static CairnSagas sagas(int maxAttempts) {
        return CairnSagas.builder().saga(LedgerSaga.class).initialPosition(InitialPosition.TAIL)
                         .eventRetries(maxAttempts, Duration.ofMillis(50), Duration.ofMillis(200))
                         .eventRetryPollInterval(Duration.ofMillis(20))
                         .deadlinePollInterval(Duration.ofMillis(50))
                         .build();
    }

    static CairnApplication start(MongoDatabase database, CairnSagas sagas) {
        return Cairn.builder().database(database).aggregate(Wallet.class).extension(sagas.extension()).start();
    }

    static void charge(CairnApplication app, String walletId, String... orderIds) {
        for (String orderId : orderIds) {
            app.commandGateway().sendAndWait(new Shop.ChargeWallet(walletId, orderId, 1));
        }
    }

    @Test
    void aHandlerThatFailsTwiceIsRetriedAndTheSagaEndsAsIfItNeverFailed(MongoDatabase database) throws Exception {
        // Given a saga whose charge handler fails twice, then works, with five attempts allowed
        LedgerSaga.FAILURES.put("w-1", 2);
        CairnSagas sagas = sagas(5);
        try (CairnApplication app = start(database, sagas)) {
            app.commandGateway().sendAndWait(new Shop.OpenWallet("w-1", 100, false));

            // When two charges follow each other
            charge(app, "w-1", "o-1", "o-2");
            await(() -> storedChargesSoFar(database, "w-1").size() == 2 && sagas.parkedEvents().isEmpty(),
                  "both charges stored");

            // Then the first ran three times, the second once after it, and the saga holds each charge once
            assertThat(LedgerSaga.RUNS).containsExactly("w-1:o-1", "w-1:o-1", "w-1:o-1", "w-1:o-2");
            assertThat(LedgerSaga.HANDLED).containsExactly("w-1:o-1#1", "w-1:o-2#2");
            assertThat(storedCharges(database, "w-1")).containsExactly("o-1", "o-2");
            assertThat(database.getCollection(CairnCollections.PARKED_SAGA_EVENTS).countDocuments()).isZero();
        }
    }

    @Test
    void anAlwaysFailingSagaIsParkedWithItsLaterEventsInOrderWhileAnotherSagaGoesOn(MongoDatabase database)
            throws Exception {
        // Given a saga that always fails on a charge, another saga of the same type that works, three attempts
        LedgerSaga.FAILURES.put("w-1", Integer.MAX_VALUE);
        CairnSagas sagas = sagas(3);
        try (CairnApplication app = start(database, sagas)) {
            app.commandGateway().sendAndWait(new Shop.OpenWallet("w-1", 100, false));
            app.commandGateway().sendAndWait(new Shop.OpenWallet("w-2", 100, false));

            // When the failing saga gets three charges and the other two
            charge(app, "w-1", "o-1", "o-2", "o-3");
            charge(app, "w-2", "o-4", "o-5");
            await(() -> sagas.parkedEvents().stream().anyMatch(ParkedSagaEvents::parked)
                    && LedgerSaga.HANDLED.size() == 2, "the failing saga is parked and the other handled both");

            // Then the first charge ran three times and is parked, the later two wait behind it in order, unrun
            ParkedSagaEvents parked = sagas.parkedEvents().get(0);
            assertThat(sagas.parkedEvents()).hasSize(1);
            assertThat(parked.sagaType()).isEqualTo(LedgerSaga.class.getName());
            assertThat(parked.processingGroup()).isEqualTo("LedgerSagaProcessor");
            assertThat(parked.status()).isEqualTo("PARKED");
            assertThat(parked.attempts()).isEqualTo(3);
            assertThat(parked.events()).isEqualTo(3);
            assertThat(parked.firstEventType()).isEqualTo(Shop.WalletCharged.class.getName());
            assertThat(parked.lastError()).contains("IllegalStateException").contains("ledger down for w-1");
            assertThat(waitingOrders(database)).containsExactly("o-1", "o-2", "o-3");
            assertThat(LedgerSaga.RUNS).filteredOn(run -> run.startsWith("w-1"))
                                       .containsExactly("w-1:o-1", "w-1:o-1", "w-1:o-1");
            assertThat(LedgerSaga.HANDLED).containsExactly("w-2:o-4#1", "w-2:o-5#2");
            assertThat(storedCharges(database, "w-1")).isEmpty();

            // When the cause is fixed and an operator retries the saga
            LedgerSaga.FAILURES.put("w-1", 0);
            assertThat(sagas.retryParked(parked.sagaId())).isTrue();
            await(() -> sagas.parkedEvents().isEmpty(), "the parked events ran");
            charge(app, "w-1", "o-6");
            await(() -> storedChargesSoFar(database, "w-1").size() == 4, "the saga stored its next charge");

            // Then its events ran in order, once each, and the saga goes on with the next one
            assertThat(LedgerSaga.HANDLED).filteredOn(run -> run.startsWith("w-1"))
                                          .containsExactly("w-1:o-1#1", "w-1:o-2#2", "w-1:o-3#3", "w-1:o-6#4");
            assertThat(storedCharges(database, "w-1")).containsExactly("o-1", "o-2", "o-3", "o-6");
            assertThat(sagas.retryParked(parked.sagaId())).isFalse();
        }
    }

    @Test
    void aFailingStartIsParkedAndTheRetryStartsTheSaga(MongoDatabase database) throws Exception {
        // Given a saga whose start fails once, with one attempt allowed (parked at once)
        LedgerSaga.FAILURES.put("open:w-1", 1);
        CairnSagas sagas = sagas(1);
        try (CairnApplication app = start(database, sagas)) {
            // When the wallet opens
            app.commandGateway().sendAndWait(new Shop.OpenWallet("w-1", 100, false));
            await(() -> !sagas.parkedEvents().isEmpty(), "the start is parked");

            // Then no saga was stored; a retry starts it with the parked id and it handles its next events
            assertThat(sagas.liveSagas(LedgerSaga.class)).isZero();
            String sagaId = sagas.parkedEvents().get(0).sagaId();
            assertThat(sagas.retryParked(sagaId)).isTrue();
            await(() -> sagas.parkedEvents().isEmpty(), "the start ran");
            charge(app, "w-1", "o-1");
            await(() -> LedgerSaga.HANDLED.size() == 1, "the saga handled a charge");
            assertThat(sagas.liveSagas(LedgerSaga.class)).isOne();
            assertThat(database.getCollection(CairnCollections.SAGAS).find().first().getString("_id"))
                    .isEqualTo(sagaId);
        }
    }

    @Test
    void droppingParkedEventsLetsTheSagaGoOnWithoutThem(MongoDatabase database) throws Exception {
        // Given a parked saga with two events
        LedgerSaga.FAILURES.put("w-1", Integer.MAX_VALUE);
        CairnSagas sagas = sagas(1);
        try (CairnApplication app = start(database, sagas)) {
            app.commandGateway().sendAndWait(new Shop.OpenWallet("w-1", 100, false));
            charge(app, "w-1", "o-1", "o-2");
            await(() -> !sagas.parkedEvents().isEmpty() && sagas.parkedEvents().get(0).events() == 2,
                  "two events parked");

            // When an operator drops them and the saga gets its next charge
            LedgerSaga.FAILURES.put("w-1", 0);
            assertThat(sagas.dropParked(sagas.parkedEvents().get(0).sagaId())).isTrue();
            charge(app, "w-1", "o-3");
            await(() -> LedgerSaga.HANDLED.size() == 1, "the next charge handled");

            // Then the dropped events never ran again and the saga holds the new charge only
            assertThat(LedgerSaga.HANDLED).containsExactly("w-1:o-3#1");
            assertThat(sagas.parkedEvents()).isEmpty();
        }
    }

    @Test
    void twoNodesNeverRunOneParkedSagaAtOnce(MongoDatabase database) throws Exception {
        // Given two nodes on one database and a saga parked with three events, each run taking 100 ms
        LedgerSaga.FAILURES.put("w-1", Integer.MAX_VALUE);
        CairnSagas onA = sagas(1);
        CairnSagas onB = sagas(1);
        try (CairnApplication a = start(database, onA); CairnApplication b = start(database, onB)) {
            a.commandGateway().sendAndWait(new Shop.OpenWallet("w-1", 100, false));
            charge(a, "w-1", "o-1", "o-2");
            charge(b, "w-1", "o-3");
            await(() -> !onA.parkedEvents().isEmpty() && onA.parkedEvents().get(0).events() == 3, "three parked");
            LedgerSaga.RUNS.clear();
            LedgerSaga.FAILURES.put("w-1", 0);
            LedgerSaga.runMillis = 100;

            // When an operator retries it while both nodes look for due sagas every 20 ms
            assertThat(onB.retryParked(onB.parkedEvents().get(0).sagaId())).isTrue();
            await(() -> onA.parkedEvents().isEmpty() && storedChargesSoFar(database, "w-1").size() == 3,
                  "the parked events ran");

            // Then each event ran once, in order, and never two at a time
            assertThat(LedgerSaga.RUNS).containsExactly("w-1:o-1", "w-1:o-2", "w-1:o-3");
            assertThat(LedgerSaga.MOST_AT_ONCE).hasValue(1);
        }
    }

    @Test
    void aCommandStillInProgressUnderItsKeyIsWaitedForWithoutUsingUpAttempts(MongoDatabase database)
            throws Exception {
        // Given a saga whose charge finds its command's idempotency key held by another send five times (more than
        // the three attempts allowed), then works
        LedgerSaga.FAILURES.put("key:w-1", 5);
        CairnSagas sagas = sagas(3);
        try (CairnApplication app = start(database, sagas)) {
            app.commandGateway().sendAndWait(new Shop.OpenWallet("w-1", 100, false));

            // When a charge comes
            charge(app, "w-1", "o-1");
            await(() -> storedChargesSoFar(database, "w-1").size() == 1 && sagas.parkedEvents().isEmpty(),
                  "the charge stored");

            // Then it ran six times and was never parked
            assertThat(LedgerSaga.RUNS).containsExactly(Collections.nCopies(6, "w-1:o-1").toArray(String[]::new));
            assertThat(LedgerSaga.HANDLED).containsExactly("w-1:o-1#1");
        }
    }

    @Test
    void aDeadlineOfAParkedSagaWaitsBehindItsParkedEvents(MongoDatabase database) throws Exception {
        // Given a saga with a reminder due in 300 ms, parked on its first charge before the reminder is due
        LedgerSaga.FAILURES.put("remind-1", Integer.MAX_VALUE);
        CairnSagas sagas = sagas(1);
        try (CairnApplication app = start(database, sagas)) {
            app.commandGateway().sendAndWait(new Shop.OpenWallet("remind-1", 100, false));
            charge(app, "remind-1", "o-1");

            // When the reminder falls due
            await(() -> !sagas.parkedEvents().isEmpty() && sagas.parkedEvents().get(0).events() == 2
                    && database.getCollection(CairnCollections.DEADLINES).countDocuments() == 0,
                  "the reminder fired into the parked saga");

            // Then it waits behind the charge; after a retry both run, the charge first
            assertThat(LedgerSaga.HANDLED).isEmpty();
            assertThat(sagas.deadlineManager().parked()).isEmpty();
            LedgerSaga.FAILURES.put("remind-1", 0);
            assertThat(sagas.retryParked(sagas.parkedEvents().get(0).sagaId())).isTrue();
            await(() -> LedgerSaga.HANDLED.size() == 2 && sagas.parkedEvents().isEmpty(), "both ran");
            assertThat(LedgerSaga.HANDLED).containsExactly("remind-1:o-1#1", "remind-1:reminder#1");
        }
    }

    @Test
    void anEventHandlerFailingWithANonTransientExceptionIsParkedWithoutRetries(MongoDatabase database)
            throws Exception {
        // Given a saga whose next charge fails with an AxonNonTransientException, 5 attempts allowed
        LedgerSaga.FAILURES.put("fatal:w-gone", 1);
        CairnSagas sagas = sagas(5);
        try (CairnApplication app = start(database, sagas)) {
            app.commandGateway().sendAndWait(new Shop.OpenWallet("w-gone", 100, false));

            // When the charge fails
            charge(app, "w-gone", "o-1");
            await(() -> sagas.parkedEvents().stream().anyMatch(ParkedSagaEvents::parked), "the saga was parked");

            // Then it was parked after its first attempt, without retries
            assertThat(sagas.parkedEvents()).singleElement().satisfies(parked -> {
                assertThat(parked.attempts()).isEqualTo(1);
                assertThat(parked.lastError()).contains("wallet w-gone is gone");
            });
            assertThat(LedgerSaga.RUNS).containsExactly("w-gone:o-1");
        }
    }

    @Test
    void aDeadlineHandlerFailingWithANonTransientExceptionIsParkedWithoutRetries(MongoDatabase database)
            throws Exception {
        // Given a saga whose reminder (due in 300 ms) fails with an AxonNonTransientException, 5 attempts allowed
        LedgerSaga.FAILURES.put("gone:remind-gone", 1);
        CairnSagas sagas = CairnSagas.builder().saga(LedgerSaga.class).initialPosition(InitialPosition.TAIL)
                                     .deadlines(d -> d.pollInterval(Duration.ofMillis(50)).maxAttempts(5)
                                                      .retryBackoff(Duration.ofMillis(50), Duration.ofMillis(100)))
                                     .build();
        try (CairnApplication app = start(database, sagas)) {
            app.commandGateway().sendAndWait(new Shop.OpenWallet("remind-gone", 100, false));

            // When the reminder falls due and its handler fails
            await(() -> !sagas.deadlineManager().parked().isEmpty(), "the reminder was parked");

            // Then it was parked after its first attempt, the handler's own exception recorded
            assertThat(sagas.deadlineManager().parked()).singleElement().satisfies(parked -> {
                assertThat(parked.attempts()).isEqualTo(1);
                assertThat(parked.lastError()).contains("wallet remind-gone is gone");
            });
            assertThat(LedgerSaga.RUNS).containsExactly("remind-gone:reminder");
        }
    }

    @Test
    void anAggregateDeadlineFailingWithANonTransientExceptionIsParkedWithoutRetries(MongoDatabase database)
            throws Exception {
        // Given a locker whose expiry (due in 100 ms) fails with an AxonNonTransientException that Axon wraps,
        // 5 attempts allowed
        Locker.EXPIRIES.clear();
        CairnSagas sagas = CairnSagas.builder().saga(LedgerSaga.class).initialPosition(InitialPosition.TAIL)
                                     .deadlines(d -> d.pollInterval(Duration.ofMillis(50)).maxAttempts(5)
                                                      .retryBackoff(Duration.ofMillis(50), Duration.ofMillis(100)))
                                     .build();
        try (CairnApplication app = Cairn.builder().database(database).aggregate(Locker.class)
                                         .extension(sagas.extension()).start()) {
            app.commandGateway().sendAndWait(new Locker.Rent("l-1"));
            app.commandGateway().sendAndWait(new Locker.StartExpiry("l-1"));

            // When the expiry falls due and its handler fails
            await(() -> !sagas.deadlineManager().parked().isEmpty(), "the expiry was parked");

            // Then it was parked after its first attempt, the handler's own exception recorded
            assertThat(sagas.deadlineManager().parked()).singleElement().satisfies(parked -> {
                assertThat(parked.attempts()).isEqualTo(1);
                assertThat(parked.lastError()).contains("locker l-1 is gone");
            });
            assertThat(Locker.EXPIRIES).containsExactly("l-1");
        }
    }

    static List<String> storedCharges(MongoDatabase database, String walletId) {
        Document saga = database.getCollection(CairnCollections.SAGAS)
                                .find(new Document("state.walletId", walletId)).first();
        assertThat(saga).as("saga of wallet %s", walletId).isNotNull();
        return saga.get("state", Document.class).getList("charges", String.class);
    }

    /** @return the charges the wallet's saga has stored, none while it is not stored yet */
    static List<String> storedChargesSoFar(MongoDatabase database, String walletId) {
        Document saga = database.getCollection(CairnCollections.SAGAS)
                                .find(new Document("state.walletId", walletId)).first();
        return saga == null ? List.of() : saga.get("state", Document.class).getList("charges", String.class);
    }

    @SuppressWarnings("unchecked")
    static List<String> waitingOrders(MongoDatabase database) {
        Document parked = database.getCollection(CairnCollections.PARKED_SAGA_EVENTS).find().first();
        assertThat(parked.getInteger("format")).isIn(1, 2);
        return parked.getList("events", Document.class).stream()
                     .map(event -> event.get("payload", Document.class).getString("orderId")).toList();
    }

    static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Timed out waiting until " + what);
            }
            Thread.sleep(10);
        }
    }
}
