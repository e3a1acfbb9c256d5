package dev.cairn.aggregates;

import com.example.aggregates.testdomain.CommandLog;
import com.example.aggregates.testdomain.Commands.AddLine;
import com.example.aggregates.testdomain.Commands.PlaceOrder;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import dev.cairn.eventstore.mongo.IdempotencyKeyCommittedException;
import dev.cairn.mongo.embedded.junit.EmbeddedMongoExtension;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.messaging.MetaData;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A dead or paused node's idempotent command never sticks and never lands twice; a reused key never answers wrongly
 * (ADR 74).
 */
@ExtendWith(EmbeddedMongoExtension.class)
class IdempotencyLivenessTest {

    private static GenericCommandMessage<Object> withKey(Object command, String key) {
        return new GenericCommandMessage<>(command, MetaData.with(Cairn.IDEMPOTENCY_KEY, key));
    }

    private static MongoCollection<Document> keys(MongoDatabase database) {
        return database.getCollection(Cairn.IDEMPOTENCY_COLLECTION);
    }

    /** What a node that died (or paused) while executing leaves: a pending key whose lease ended long ago. */
    private static void leaseEndedLongAgo(MongoDatabase database, String key) {
        keys(database).updateOne(Filters.eq("_id", key),
                                 Updates.combine(Updates.set("state", "PENDING"),
                                                 Updates.set("owner", "dead-node/1"),
                                                 Updates.set("lease", new Document("format", 2)
                                                         .append("owner", "dead-node/1")
                                                         .append("at", Date.from(Instant.now().minusSeconds(3600)))
                                                         .append("ms", 5_000L))));
    }

    @Test
    void aReusedKeyWithOtherContentIsRefusedNamingTheKeyAndBothCommands(MongoDatabase database) {
        // Given
        CommandLog log = new CommandLog();
        try (CairnApplication app = TestApps.orders(database, log).start()) {
            app.commandGateway().sendAndWait(new PlaceOrder("order-1", "alice"));
            app.commandGateway().sendAndWait(new PlaceOrder("order-2", "bob"));
            String first = app.commandGateway().sendAndWait(withKey(new AddLine("order-1", "book", 999), "k-1"));

            // When / Then: other payload, other target
            assertThatThrownBy(() -> app.commandGateway().sendAndWait(withKey(new AddLine("order-1", "book", 5),
                                                                              "k-1")))
                    .isInstanceOf(IdempotencyKeyReusedException.class)
                    .hasMessageContaining("[k-1]")
                    .hasMessageContaining("first used for command [" + AddLine.class.getName()
                                                  + "] to aggregate [order-1] (payload fingerprint ")
                    .hasMessageContaining("reused for command [" + AddLine.class.getName()
                                                  + "] to aggregate [order-1] (payload fingerprint ");
            assertThatThrownBy(() -> app.commandGateway().sendAndWait(withKey(new AddLine("order-2", "book", 999),
                                                                              "k-1")))
                    .isInstanceOf(IdempotencyKeyReusedException.class)
                    .hasMessageContaining("reused for command [" + AddLine.class.getName()
                                                  + "] to aggregate [order-2]");
            // an identical repeat still gets the first outcome
            String repeat = app.commandGateway().sendAndWait(withKey(new AddLine("order-1", "book", 999), "k-1"));
            assertThat(repeat).isEqualTo(first);
            assertThat(log.executions()).isEqualTo(3);
            assertThat(database.getCollection("events").countDocuments()).isEqualTo(3);
        }
    }

    @Test
    void aSagasPositionalKeyIsComparedOnTheCommandTypeOnly(MongoDatabase database) {
        // Given: a saga builds its command with fresh values on redelivery
        CommandLog log = new CommandLog();
        try (CairnApplication app = TestApps.orders(database, log).start()) {
            app.commandGateway().sendAndWait(new PlaceOrder("order-1", "alice"));
            MetaData positional = MetaData.from(Map.of(Cairn.IDEMPOTENCY_KEY, "saga:s-1:m-1:0",
                                                       Cairn.POSITIONAL_IDEMPOTENCY_KEY, true));
            String first = app.commandGateway().sendAndWait(
                    new GenericCommandMessage<>(new AddLine("order-1", UUID.randomUUID().toString(), 1), positional));

            // When
            String redelivered = app.commandGateway().sendAndWait(
                    new GenericCommandMessage<>(new AddLine("order-1", UUID.randomUUID().toString(), 2), positional));

            // Then
            assertThat(redelivered).isEqualTo(first);
            assertThat(log.executions()).isEqualTo(2);
            assertThat(database.getCollection("events").countDocuments()).isEqualTo(2);
        }
    }

    @Test
    void theKeyAndTheResultAreStoredInTheCommitOfTheCommand(MongoDatabase database) {
        // Given
        try (CairnApplication app = TestApps.orders(database, new CommandLog()).start()) {
            app.commandGateway().sendAndWait(new PlaceOrder("order-1", "alice"));

            // When
            String lineId = app.commandGateway().sendAndWait(withKey(new AddLine("order-1", "book", 1), "k-1"));

            // Then
            Document key = keys(database).find(Filters.eq("_id", "k-1")).first();
            Document commit = database.getCollection("events").find(Filters.eq("idempotency.key", "k-1")).first();
            assertThat(commit).isNotNull();
            Document stored = commit.get("idempotency", Document.class);
            assertThat(stored.getString("claim")).isEqualTo(key.getString("claim"));
            assertThat(stored.getString("result")).contains(lineId);
            assertThat(database.getCollection("events").countDocuments(Filters.exists("idempotency")))
                    .as("a command without a key stores none").isEqualTo(1);
        }
    }

    @Test
    void aKeyWhoseNodeDiedBeforeItsCommitIsExecutedOnceByARepeatAfterTheLease(MongoDatabase database) {
        // Given: the first send claimed the key and died before its commit
        CommandLog log = new CommandLog();
        try (CairnApplication app = TestApps.orders(database, log).idempotencyWaitTimeout(Duration.ofSeconds(2))
                                            .start()) {
            app.commandGateway().sendAndWait(new PlaceOrder("order-1", "alice"));
            keys(database).insertOne(new Document("_id", "k-1").append("format", 2).append("state", "PENDING")
                                             .append("commandName", AddLine.class.getName())
                                             .append("claim", "claim-of-dead-node")
                                             .append("createdAt", new Date())
                                             .append("expiresAt", Date.from(Instant.now().plusSeconds(3600))));
            leaseEndedLongAgo(database, "k-1");

            // When
            String lineId = app.commandGateway().sendAndWait(withKey(new AddLine("order-1", "book", 1), "k-1"));
            String repeat = app.commandGateway().sendAndWait(withKey(new AddLine("order-1", "book", 1), "k-1"));

            // Then
            assertThat(lineId).isNotNull().isEqualTo(repeat);
            assertThat(log.executions()).isEqualTo(2); // PlaceOrder + one AddLine
            Document key = keys(database).find(Filters.eq("_id", "k-1")).first();
            assertThat(key.getString("state")).isEqualTo("DONE");
            assertThat(database.getCollection("events")
                               .countDocuments(Filters.eq("idempotency.claim", "claim-of-dead-node"))).isEqualTo(1);
        }
    }

    @Test
    void aKeyWhoseNodeDiedAfterItsCommitIsAnsweredFromTheCommitWithoutExecuting(MongoDatabase database) {
        // Given: node A executed and committed, then died before recording the outcome
        CommandLog logA = new CommandLog();
        CommandLog logB = new CommandLog();
        try (CairnApplication nodeA = TestApps.orders(database, logA).start();
             CairnApplication nodeB = TestApps.orders(database, logB).start()) {
            nodeA.commandGateway().sendAndWait(new PlaceOrder("order-1", "alice"));
            String lineId = nodeA.commandGateway().sendAndWait(withKey(new AddLine("order-1", "book", 1), "k-1"));
            leaseEndedLongAgo(database, "k-1");

            // When
            String repeat = nodeB.commandGateway().sendAndWait(withKey(new AddLine("order-1", "book", 1), "k-1"));

            // Then
            assertThat(repeat).isEqualTo(lineId);
            assertThat(logB.executions()).isZero();
            assertThat(keys(database).find(Filters.eq("_id", "k-1")).first().getString("state")).isEqualTo("DONE");
            assertThat(database.getCollection("events").countDocuments()).isEqualTo(2);
        }
    }

    @Test
    void aNodeResumingAfterItsLeaseEndedHasItsLateCommitRefusedAndIsToldTheOutcomeThatLanded(MongoDatabase database)
            throws Exception {
        // Given: node A executes and pauses inside the handler (a GC pause) until its lease ended and node B took over
        CommandLog logA = new CommandLog();
        CommandLog logB = new CommandLog();
        try (CairnApplication nodeA = TestApps.orders(database, logA).idempotencyLease(Duration.ofSeconds(30))
                                              .start();
             CairnApplication nodeB = TestApps.orders(database, logB).start()) {
            nodeA.commandGateway().sendAndWait(new PlaceOrder("order-1", "alice"));
            logA.closeGate();
            CompletableFuture<Object> paused = CompletableFuture.supplyAsync(
                    () -> nodeA.commandGateway().sendAndWait(withKey(new AddLine("order-1", "book", 1), "k-1")));
            assertThat(logA.awaitEntered()).isTrue();
            leaseEndedLongAgo(database, "k-1"); // as if node A had not renewed for an hour

            // When: node B takes the key over and executes; then node A resumes and commits late
            String landed = nodeB.commandGateway().sendAndWait(withKey(new AddLine("order-1", "book", 1), "k-1"));
            logA.openGate();

            // Then
            assertThatThrownBy(() -> paused.join())
                    .isInstanceOf(CompletionException.class)
                    .cause().isInstanceOf(IdempotencyKeyCommittedException.class)
                    .satisfies(e -> assertThat(((IdempotencyKeyCommittedException) e).result()).isEqualTo(landed))
                    .hasMessageContaining("[k-1]");
            assertThat(database.getCollection("events").countDocuments()).as("only B's commit landed").isEqualTo(2);
            Document key = keys(database).find(Filters.eq("_id", "k-1")).first();
            assertThat(key.getString("state")).isEqualTo("DONE");
            assertThat(key.getString("result")).contains(landed);
            String repeat = nodeA.commandGateway().sendAndWait(withKey(new AddLine("order-1", "book", 1), "k-1"));
            assertThat(repeat).isEqualTo(landed);
        }
    }
}
