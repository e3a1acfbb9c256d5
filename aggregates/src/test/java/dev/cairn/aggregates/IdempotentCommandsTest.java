package dev.cairn.aggregates;

import com.mongodb.client.MongoDatabase;
import com.example.aggregates.testdomain.CommandLog;
import com.example.aggregates.testdomain.Commands.BreakRule;
import com.example.aggregates.testdomain.Commands.ExceedLimit;
import com.example.aggregates.testdomain.Commands.LineLimitExceeded;
import com.example.aggregates.testdomain.Commands.OrderRuleViolation;
import com.example.aggregates.testdomain.Commands.AddLine;
import com.example.aggregates.testdomain.Commands.PlaceOrder;
import com.example.aggregates.testdomain.Commands.ShipOrder;
import dev.cairn.mongo.embedded.junit.EmbeddedMongoExtension;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.messaging.MetaData;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@ExtendWith(EmbeddedMongoExtension.class)
class IdempotentCommandsTest {

    private static final int THREADS = 8;

    private static GenericCommandMessage<Object> withKey(Object command, String key) {
        return new GenericCommandMessage<>(command, MetaData.with(Cairn.IDEMPOTENCY_KEY, key));
    }

    @Test
    void eightConcurrentSendsWithOneKeyExecuteOnceAndAllGetTheSameResult(MongoDatabase database) throws Exception {
        // Given
        CommandLog log = new CommandLog();
        try (CairnApplication app = TestApps.orders(database, log).start()) {
            app.commandGateway().sendAndWait(new PlaceOrder("order-1", "alice"));
            CyclicBarrier barrier = new CyclicBarrier(THREADS);
            ExecutorService pool = Executors.newFixedThreadPool(THREADS);
            try {
                // When
                List<Future<Object>> results = new ArrayList<>();
                for (int i = 0; i < THREADS; i++) {
                    results.add(pool.submit(() -> {
                        barrier.await(10, TimeUnit.SECONDS);
                        return app.commandGateway().sendAndWait(withKey(new AddLine("order-1", "book", 1), "k-1"));
                    }));
                }
                List<Object> lineIds = new ArrayList<>();
                for (Future<Object> result : results) {
                    lineIds.add(result.get(30, TimeUnit.SECONDS));
                }

                // Then
                assertThat(log.executions()).isEqualTo(2); // PlaceOrder + one AddLine
                assertThat(lineIds).hasSize(THREADS).doesNotContainNull();
                assertThat(new HashSet<>(lineIds)).hasSize(1);
                assertThat(database.getCollection("events").countDocuments()).isEqualTo(2);
                Document key = database.getCollection(Cairn.IDEMPOTENCY_COLLECTION)
                                       .find(new Document("_id", "k-1")).first();
                assertThat(key).isNotNull();
                assertThat(key.getString("state")).isEqualTo("DONE");
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void twoNodesSendingOneKeyConcurrentlyExecuteOnce(MongoDatabase database) throws Exception {
        // Given two application nodes on one database
        CommandLog log = new CommandLog();
        try (CairnApplication first = TestApps.orders(database, log).start();
             CairnApplication second = TestApps.orders(database, log).start()) {
            first.commandGateway().sendAndWait(new PlaceOrder("order-7", "gina"));
            CyclicBarrier barrier = new CyclicBarrier(THREADS);
            ExecutorService pool = Executors.newFixedThreadPool(THREADS);
            try {
                // When
                List<Future<Object>> results = new ArrayList<>();
                for (int i = 0; i < THREADS; i++) {
                    CairnApplication node = i % 2 == 0 ? first : second;
                    results.add(pool.submit(() -> {
                        barrier.await(10, TimeUnit.SECONDS);
                        return node.commandGateway().sendAndWait(withKey(new AddLine("order-7", "cup", 1), "k-7"));
                    }));
                }
                List<Object> lineIds = new ArrayList<>();
                for (Future<Object> result : results) {
                    lineIds.add(result.get(30, TimeUnit.SECONDS));
                }

                // Then
                assertThat(log.executions()).isEqualTo(2);
                assertThat(lineIds).hasSize(THREADS).doesNotContainNull();
                assertThat(new HashSet<>(lineIds)).hasSize(1);
                assertThat(database.getCollection("events").countDocuments()).isEqualTo(2);
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void concurrentSendsWithDifferentKeysExecuteIndependently(MongoDatabase database) throws Exception {
        // Given
        CommandLog log = new CommandLog();
        try (CairnApplication app = TestApps.orders(database, log).start()) {
            app.commandGateway().sendAndWait(new PlaceOrder("order-2", "bob"));
            CyclicBarrier barrier = new CyclicBarrier(THREADS);
            ExecutorService pool = Executors.newFixedThreadPool(THREADS);
            try {
                // When
                List<Future<Object>> results = new ArrayList<>();
                for (int i = 0; i < THREADS; i++) {
                    String key = "key-" + i;
                    results.add(pool.submit(() -> {
                        barrier.await(10, TimeUnit.SECONDS);
                        return app.commandGateway().sendAndWait(withKey(new AddLine("order-2", "pen", 1), key));
                    }));
                }
                List<Object> lineIds = new ArrayList<>();
                for (Future<Object> result : results) {
                    lineIds.add(result.get(30, TimeUnit.SECONDS));
                }

                // Then
                assertThat(log.executions()).isEqualTo(1 + THREADS);
                assertThat(new HashSet<>(lineIds)).hasSize(THREADS);
                assertThat(database.getCollection("events").countDocuments()).isEqualTo(1 + THREADS);
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void aRepeatAfterCompletionReturnsTheFirstResultWithoutApplyingAgain(MongoDatabase database) {
        // Given
        CommandLog log = new CommandLog();
        try (CairnApplication app = TestApps.orders(database, log).start()) {
            Object first = app.commandGateway().sendAndWait(withKey(new PlaceOrder("order-3", "carol"), "create-3"));

            // When
            Object repeat = app.commandGateway().sendAndWait(withKey(new PlaceOrder("order-3", "carol"), "create-3"));

            // Then
            assertThat(repeat).isEqualTo(first).isEqualTo("order-3");
            assertThat(log.executions()).isEqualTo(1);
            assertThat(database.getCollection("events").countDocuments()).isEqualTo(1);
        }
    }

    @Test
    void aRepeatAfterAFailureGetsTheSameFailureWithoutExecuting(MongoDatabase database) {
        // Given an order without lines, which cannot be shipped
        CommandLog log = new CommandLog();
        try (CairnApplication app = TestApps.orders(database, log).start()) {
            app.commandGateway().sendAndWait(new PlaceOrder("order-4", "dave"));
            assertThatThrownBy(() -> app.commandGateway().sendAndWait(withKey(new ShipOrder("order-4"), "ship-4")))
                    .isInstanceOf(IllegalStateException.class).hasMessage("Order order-4 has no lines");
            app.commandGateway().sendAndWait(new AddLine("order-4", "pen", 1));

            // When / Then: the retry would now succeed, but it gets the first outcome
            assertThatThrownBy(() -> app.commandGateway().sendAndWait(withKey(new ShipOrder("order-4"), "ship-4")))
                    .isInstanceOf(IllegalStateException.class).hasMessage("Order order-4 has no lines");
            assertThat(log.executions()).isEqualTo(3);
            assertThat(database.getCollection(Cairn.IDEMPOTENCY_COLLECTION).find(new Document("_id", "ship-4"))
                               .first().getString("state")).isEqualTo("FAILED");
        }
    }

    @Test
    void aRepeatedFailureKeepsItsTypeThroughAMessageAndCauseConstructor(MongoDatabase database) {
        // Given a first execution failing with an exception that only has a (String, Throwable) constructor
        CommandLog log = new CommandLog();
        try (CairnApplication app = TestApps.orders(database, log).start()) {
            app.commandGateway().sendAndWait(new PlaceOrder("order-r", "rae"));
            assertThatThrownBy(() -> app.commandGateway().sendAndWait(withKey(new BreakRule("order-r"), "rule-r")))
                    .isInstanceOf(OrderRuleViolation.class);

            // When / Then
            assertThatThrownBy(() -> app.commandGateway().sendAndWait(withKey(new BreakRule("order-r"), "rule-r")))
                    .isExactlyInstanceOf(OrderRuleViolation.class).hasMessage("Order order-r breaks a rule");
            assertThat(log.executions()).isEqualTo(2);
        }
    }

    @Test
    void aRepeatedFailureWhoseTypeCannotBeRecreatedNamesTheOriginalTypeAndMessage(MongoDatabase database) {
        // Given a first execution failing with an exception without a message constructor
        CommandLog log = new CommandLog();
        try (CairnApplication app = TestApps.orders(database, log).start()) {
            app.commandGateway().sendAndWait(new PlaceOrder("order-l", "lou"));
            assertThatThrownBy(() -> app.commandGateway().sendAndWait(withKey(new ExceedLimit("order-l", 3), "lim")))
                    .isInstanceOf(LineLimitExceeded.class);

            // When / Then
            assertThatThrownBy(() -> app.commandGateway().sendAndWait(withKey(new ExceedLimit("order-l", 3), "lim")))
                    .isInstanceOfSatisfying(IdempotentCommandFailedException.class, e -> {
                        assertThat(e.failureType()).isEqualTo(LineLimitExceeded.class.getName());
                        assertThat(e.idempotencyKey()).isEqualTo("lim");
                    })
                    .hasMessageContaining("At most 3 lines");
            assertThat(log.executions()).isEqualTo(2);
        }
    }

    @Test
    void aDuplicateWaitingTooLongFailsWithoutExecutingAndLaterGetsTheOutcome(MongoDatabase database)
            throws Exception {
        // Given a first send held inside the aggregate
        CommandLog log = new CommandLog();
        try (CairnApplication app = TestApps.orders(database, log)
                                            .idempotencyWaitTimeout(Duration.ofMillis(300))
                                            .start()) {
            app.commandGateway().sendAndWait(new PlaceOrder("order-5", "erin"));
            log.closeGate();
            CompletableFuture<Object> first = CompletableFuture.supplyAsync(
                    () -> app.commandGateway().sendAndWait(withKey(new AddLine("order-5", "pen", 1), "add-5")));
            assertThat(log.awaitEntered()).isTrue();

            // When
            assertThatThrownBy(() -> app.commandGateway().sendAndWait(withKey(new AddLine("order-5", "pen", 1),
                                                                              "add-5")))
                    .isInstanceOf(IdempotencyKeyInProgressException.class)
                    .hasMessageContaining("add-5");
            log.openGate();
            Object firstResult = first.get(10, TimeUnit.SECONDS);

            // Then
            Object repeat = app.commandGateway().sendAndWait(withKey(new AddLine("order-5", "pen", 1), "add-5"));
            assertThat(repeat).isEqualTo(firstResult);
            assertThat(log.executions()).isEqualTo(2);
        }
    }

    @Test
    void aKeyCannotBeReusedForAnotherCommand(MongoDatabase database) {
        // Given
        try (CairnApplication app = TestApps.orders(database, new CommandLog()).start()) {
            app.commandGateway().sendAndWait(withKey(new PlaceOrder("order-6", "frank"), "shared"));

            // When / Then
            assertThatThrownBy(() -> app.commandGateway().sendAndWait(withKey(new ShipOrder("order-6"), "shared")))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("[shared]")
                    .hasMessageContaining(PlaceOrder.class.getName())
                    .hasMessageContaining(ShipOrder.class.getName());
        }
    }

    @Test
    void keysExpireThroughATtlIndex(MongoDatabase database) {
        // When
        try (CairnApplication ignored = TestApps.orders(database, new CommandLog()).start()) {
            // Then
            List<Document> indexes = database.getCollection(Cairn.IDEMPOTENCY_COLLECTION).listIndexes()
                                             .into(new ArrayList<>());
            assertThat(indexes).anySatisfy(index -> {
                assertThat(index.getString("name")).isEqualTo("cairn_idempotency_expiry");
                assertThat(index.get("key", Document.class)).isEqualTo(new Document("expiresAt", 1));
                assertThat(((Number) index.get("expireAfterSeconds")).longValue()).isZero();
            });
        }
    }
}
