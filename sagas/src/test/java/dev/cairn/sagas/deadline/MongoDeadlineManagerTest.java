package dev.cairn.sagas.deadline;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import dev.cairn.eventstore.mongo.support.CairnCollections;
import dev.cairn.mongo.embedded.junit.CommandCounter;
import dev.cairn.mongo.embedded.junit.EmbeddedMongoExtension;
import dev.cairn.mongo.embedded.junit.MongoTarget;
import dev.cairn.sagas.MongoDeadlineManager;
import dev.cairn.sagas.ParkedDeadline;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(EmbeddedMongoExtension.class)
class MongoDeadlineManagerTest {

    private final List<MongoDeadlineManager> managers = new ArrayList<>();

    private MongoDeadlineManager manager(MongoDatabase database, RecordingScope scope, String nodeId) {
        MongoDeadlineManager manager = MongoDeadlineManager.builder()
                                                           .database(database)
                                                           .scopeAwareProvider(scope)
                                                           .nodeId(nodeId)
                                                           .pollInterval(Duration.ofMillis(20))
                                                           .maxAttempts(3)
                                                           .retryBackoff(Duration.ofMillis(50), Duration.ofMillis(400))
                                                           .build();
        managers.add(manager);
        return manager;
    }

    @AfterEach
    void stopManagers() {
        managers.forEach(MongoDeadlineManager::shutdown);
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Timed out waiting until " + what);
            }
            Thread.sleep(5);
        }
    }

    private static long stored(MongoDatabase database) {
        return database.getCollection(CairnCollections.DEADLINES).countDocuments();
    }

    @Test
    void eachDeadlineFiresExactlyOnceAcrossTwoManagersOnOneDatabase(MongoDatabase database) throws Exception {
        // Given two nodes' managers polling the same database, each with its own handlers
        RecordingScope onA = new RecordingScope();
        RecordingScope onB = new RecordingScope();
        MongoDeadlineManager a = manager(database, onA, "node-a");
        MongoDeadlineManager b = manager(database, onB, "node-b");
        a.start();
        b.start();

        // When 300 deadlines fall due at almost the same moment, scheduled half on each node
        Instant due = Instant.now().plusMillis(200);
        for (int i = 0; i < 300; i++) {
            (i % 2 == 0 ? a : b).schedule(due.plusMillis(i % 7), "tick", "p-" + i, new RecordingScope.Target("t"));
        }
        await(() -> stored(database) == 0, "every deadline fired and was removed");

        // Then every deadline fired once, on one of the nodes
        List<RecordingScope.Fired> all = new ArrayList<>(onA.fired());
        all.addAll(onB.fired());
        assertThat(all).hasSize(300);
        Set<Object> payloads = new HashSet<>();
        all.forEach(fired -> payloads.add(fired.payload()));
        assertThat(payloads).hasSize(300);
        assertThat(all).allSatisfy(fired -> assertThat(fired.at()).isAfterOrEqualTo(due));
    }

    @Test
    void handlingTheSameMessageAgainSchedulesTheSameDeadlinesNotMoreOfThem(MongoDatabase database) {
        // Given a manager, and an event that a processor handles twice (a node died before storing its token)
        MongoDeadlineManager manager = manager(database, new RecordingScope(), "node-a");
        EventMessage<String> placed = GenericEventMessage.asEventMessage("placed-1");
        EventMessage<String> other = GenericEventMessage.asEventMessage("placed-2");
        Instant due = Instant.now().plusSeconds(60);
        RecordingScope.Target saga = new RecordingScope.Target("saga-1");

        // When each delivery schedules two deadlines for the saga, and another event one
        List<String> first = scheduleWhileHandling(placed, manager, due, saga, 2);
        List<String> again = scheduleWhileHandling(placed, manager, due, saga, 2);
        List<String> forOther = scheduleWhileHandling(other, manager, due, saga, 1);

        // Then the redelivery named the same two deadlines, and three are stored
        assertThat(first).doesNotHaveDuplicates();
        assertThat(again).isEqualTo(first);
        assertThat(forOther).doesNotContainAnyElementsOf(first);
        assertThat(stored(database)).isEqualTo(3);
    }

    private static List<String> scheduleWhileHandling(EventMessage<?> event, MongoDeadlineManager manager,
                                                      Instant due, RecordingScope.Target scope, int deadlines) {
        DefaultUnitOfWork<EventMessage<?>> unitOfWork = DefaultUnitOfWork.startAndGet(event);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < deadlines; i++) {
            ids.add(manager.schedule(due, "reminder", "due-" + i, scope));
        }
        unitOfWork.commit();
        return ids;
    }

    @Test
    void aDeadlineScheduledOnThisNodeFiresOnTimeNotAtTheNextPoll(MongoDatabase database) throws Exception {
        // Given a started manager whose regular polls are 10 s apart, so only the wake-up of a local schedule can
        // fire a deadline on time, and its first poll (at start) done
        RecordingScope scope = new RecordingScope();
        MongoDeadlineManager manager = MongoDeadlineManager.builder()
                                                           .database(database)
                                                           .scopeAwareProvider(scope)
                                                           .pollInterval(Duration.ofSeconds(10))
                                                           .build();
        managers.add(manager);
        manager.start();
        Thread.sleep(100);

        for (int i = 1; i <= 5; i++) {
            // When a deadline is scheduled due on a whole millisecond (as stored), 150 ms ahead
            Instant due = Instant.now().plusMillis(150).truncatedTo(ChronoUnit.MILLIS);
            manager.schedule(due, "onTime", "p-" + i, new RecordingScope.Target("t"));
            int fired = i;
            await(() -> scope.fired().size() == fired, "deadline " + fired + " fired");

            // Then it fires at its time, not when the next poll comes round
            assertThat(Duration.between(due, scope.fired().get(i - 1).at()))
                    .as("lateness of deadline %d", i)
                    .isLessThan(Duration.ofSeconds(1));
        }
    }

    @Test
    void aScheduleAndACancelAreOneCommandEach(MongoTarget target, MongoDatabase database) {
        // Given a manager (not polling) on a client whose commands are counted
        CommandCounter counter = new CommandCounter();
        try (MongoClient counted = counter.newClient(target.connectionString())) {
            MongoDeadlineManager manager = MongoDeadlineManager.builder()
                                                               .database(counted.getDatabase(database.getName()))
                                                               .scopeAwareProvider(new RecordingScope())
                                                               .build();
            RecordingScope.Target scope = new RecordingScope.Target("t");

            // When a deadline is scheduled
            counter.reset();
            String id = manager.schedule(Instant.now().plusSeconds(60), "timeout", "p-1", scope);

            // Then that is one insert, nothing else (what a saga's handler waits for before its unit of work ends)
            assertThat(counter.commands()).extracting(c -> c.getCommandName()).containsExactly("insert");

            // When deadlines are cancelled by id, and by name within a scope
            counter.reset();
            manager.cancelSchedule("timeout", id);
            manager.cancelAllWithinScope("timeout", scope);

            // Then each is one delete
            assertThat(counter.commands()).extracting(c -> c.getCommandName()).containsExactly("delete", "delete");
        }
    }

    @Test
    void deadlinesScheduledBeforeARestartFireAfterIt(MongoDatabase database) throws Exception {
        // Given a node that scheduled one deadline due soon and one due later, and stopped before either was due
        // (its poller never started, so the test does not depend on how fast scheduling is)
        RecordingScope before = new RecordingScope();
        MongoDeadlineManager first = manager(database, before, "node-1");
        Instant soon = Instant.now().plusMillis(150);
        first.schedule(soon, "late", "missed while down", new RecordingScope.Target("t"));
        first.schedule(Instant.now().plusMillis(700), "onTime", "due after the restart", new RecordingScope.Target("t"));
        first.shutdown();
        await(() -> Instant.now().isAfter(soon.plusMillis(100)), "the first deadline is overdue");
        assertThat(before.fired()).isEmpty();
        assertThat(stored(database)).isEqualTo(2);

        // When the node comes back (a new manager on the same database)
        RecordingScope after = new RecordingScope();
        manager(database, after, "node-1-restarted").start();

        // Then the overdue deadline fires at start-up and the other at its time, each once
        await(() -> after.fired().size() == 1, "the overdue deadline fired");
        assertThat(after.fired().get(0).payload()).isEqualTo("missed while down");
        await(() -> stored(database) == 0, "the second deadline fired");
        assertThat(after.fired()).extracting(RecordingScope.Fired::deadlineName).containsExactly("late", "onTime");
        assertThat(before.fired()).isEmpty();
    }

    @Test
    void cancelledDeadlinesNeverFire(MongoDatabase database) throws Exception {
        // Given deadlines by id, by name and by name within a scope, all due before a control deadline
        RecordingScope scope = new RecordingScope();
        MongoDeadlineManager manager = manager(database, scope, "node");
        Instant due = Instant.now().plusMillis(300);
        RecordingScope.Target x = new RecordingScope.Target("x");
        RecordingScope.Target y = new RecordingScope.Target("y");
        String byId = manager.schedule(due, "reminder", "by id", x);
        manager.schedule(due, "expiry", "by name 1", x);
        manager.schedule(due, "expiry", "by name 2", y);
        manager.schedule(due, "timeout", "in scope x", x);
        manager.schedule(due, "timeout", "in scope y", y);
        manager.schedule(due.plusMillis(100), "control", "control", x);
        manager.start();

        // When some are cancelled before they fall due
        manager.cancelSchedule("reminder", byId);
        manager.cancelAll("expiry");
        manager.cancelAllWithinScope("timeout", x);

        // Then only the one outside the cancelled scope and the control fire
        await(() -> stored(database) == 0, "the remaining deadlines fired");
        assertThat(scope.fired()).extracting(RecordingScope.Fired::payload)
                                 .containsExactly("in scope y", "control");
    }

    @Test
    void aFailingHandlerIsRetriedWithBackoffThenParkedAndCanBeRetried(MongoDatabase database) throws Exception {
        // Given a handler that fails on every attempt, three attempts allowed, backoff 50 ms doubling
        RecordingScope scope = new RecordingScope();
        scope.failNext(Integer.MAX_VALUE);
        MongoDeadlineManager manager = manager(database, scope, "node");
        manager.start();
        String id = manager.schedule(Instant.now(), "charge", "p-1", new RecordingScope.Target("t"));

        // When its attempts are used up
        await(() -> !manager.parked().isEmpty(), "the deadline is parked");

        // Then it ran exactly three times, waiting longer before each retry, and is parked with the reason
        List<Instant> attempts = scope.attempts();
        assertThat(attempts).hasSize(3);
        assertThat(Duration.between(attempts.get(0), attempts.get(1))).isGreaterThanOrEqualTo(Duration.ofMillis(50));
        assertThat(Duration.between(attempts.get(1), attempts.get(2))).isGreaterThanOrEqualTo(Duration.ofMillis(100));
        ParkedDeadline parked = manager.parked().get(0);
        assertThat(parked.deadlineId()).isEqualTo(id);
        assertThat(parked.deadlineName()).isEqualTo("charge");
        assertThat(parked.attempts()).isEqualTo(3);
        assertThat(parked.lastError()).contains("IllegalStateException").contains("handler down");
        Document stored = database.getCollection(CairnCollections.DEADLINES).find().first();
        assertThat(stored.getString("status")).isEqualTo("PARKED");
        assertThat(scope.fired()).isEmpty();

        // When the handler is fixed and the deadline retried
        scope.failNext(0);
        assertThat(manager.retryParked(id)).isTrue();
        await(() -> stored(database) == 0, "the retried deadline fired");

        // Then it fired once, and nothing is parked
        assertThat(scope.fired()).extracting(RecordingScope.Fired::payload).containsExactly("p-1");
        assertThat(scope.attempts()).hasSize(4);
        assertThat(manager.parked()).isEmpty();
        assertThat(manager.retryParked(id)).isFalse();
    }

    @Test
    void aNonTransientFailureParksTheDeadlineWithoutRetrying(MongoDatabase database) throws Exception {
        // Given a handler failing with a non-transient error
        RecordingScope scope = new RecordingScope();
        scope.failPermanently();
        MongoDeadlineManager manager = manager(database, scope, "node");
        manager.start();
        manager.schedule(Instant.now(), "charge", "p-1", new RecordingScope.Target("t"));

        // When it is parked
        await(() -> !manager.parked().isEmpty(), "the deadline is parked");

        // Then after one attempt
        assertThat(scope.attempts()).hasSize(1);
        assertThat(manager.parked().get(0).attempts()).isEqualTo(1);
        assertThat(manager.parked().get(0).lastError()).contains("the target is gone");
    }

    @Test
    void aHandlerThatRecoversBeforeTheLastAttemptFiresOnceAndIsNotParked(MongoDatabase database) throws Exception {
        // Given a handler that fails twice, then works
        RecordingScope scope = new RecordingScope();
        scope.failNext(2);
        MongoDeadlineManager manager = manager(database, scope, "node");
        manager.start();
        manager.schedule(Instant.now(), "charge", "p-1", new RecordingScope.Target("t"));

        // When the deadline has been handled
        await(() -> stored(database) == 0, "the deadline fired");

        // Then the third attempt delivered it, with the same message each time
        assertThat(scope.attempts()).hasSize(3);
        assertThat(scope.fired()).hasSize(1);
        assertThat(manager.parked()).isEmpty();
    }

    @Test
    void aCommandStillInProgressUnderItsKeyIsWaitedForWithoutUsingUpAttempts(MongoDatabase database)
            throws Exception {
        // Given a handler whose command finds its idempotency key held by another send six times (more than the
        // three attempts allowed), then succeeds
        RecordingScope scope = new RecordingScope();
        scope.keyInProgressNext(6);
        MongoDeadlineManager manager = manager(database, scope, "node");
        manager.start();
        manager.schedule(Instant.now(), "reminder", "p-1", new RecordingScope.Target("t"));

        // When the deadline has been handled
        await(() -> stored(database) == 0, "the deadline fired");

        // Then it was tried seven times, never parked, and fired once
        assertThat(scope.attempts()).hasSize(7);
        assertThat(scope.fired()).extracting(RecordingScope.Fired::payload).containsExactly("p-1");
        assertThat(manager.parked()).isEmpty();
    }

    @Test
    void waitingForAKeyDoesNotHideLaterFailures(MongoDatabase database) throws Exception {
        // Given a handler whose command finds its key in progress twice, then fails for good
        RecordingScope scope = new RecordingScope();
        scope.keyInProgressNext(2);
        scope.failNext(Integer.MAX_VALUE);
        MongoDeadlineManager manager = manager(database, scope, "node");
        manager.start();
        manager.schedule(Instant.now(), "reminder", "p-1", new RecordingScope.Target("t"));

        // When it is parked
        await(() -> !manager.parked().isEmpty(), "the deadline is parked");

        // Then the waits did not count: three counted attempts after two waits, and the last error is the failure
        assertThat(scope.attempts()).hasSize(5);
        assertThat(manager.parked().get(0).attempts()).isEqualTo(3);
        assertThat(manager.parked().get(0).lastError()).contains("handler down");
    }
}
