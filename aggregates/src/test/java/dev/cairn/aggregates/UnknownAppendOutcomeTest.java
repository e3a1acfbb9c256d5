package dev.cairn.aggregates;

import com.example.aggregates.testdomain.CommandLog;
import com.example.aggregates.testdomain.Commands.AddLine;
import com.example.aggregates.testdomain.Commands.PlaceOrder;
import com.example.aggregates.testdomain.Order;
import com.mongodb.ConnectionString;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import dev.cairn.aggregates.support.DroppingProxy.Drop;
import dev.cairn.aggregates.support.DroppingProxy;
import dev.cairn.eventstore.mongo.CommitOutcomeUnknownException;
import dev.cairn.mongo.embedded.junit.EmbeddedMongoExtension;
import dev.cairn.mongo.embedded.junit.MongoTarget;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.messaging.MetaData;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * An append whose outcome the node cannot know (the connection dropped with the insert in flight) is not a failure of
 * its command: the key's outcome is settled by looking for its commit (ADR 74).
 */
@ExtendWith(EmbeddedMongoExtension.class)
class UnknownAppendOutcomeTest {

    private static GenericCommandMessage<Object> withKey(Object command, String key) {
        return new GenericCommandMessage<>(command, MetaData.with(Cairn.IDEMPOTENCY_KEY, key));
    }

    private static DroppingProxy proxy(MongoTarget target) throws Exception {
        String host = new ConnectionString(target.connectionString()).getHosts().get(0);
        int colon = host.lastIndexOf(':');
        return new DroppingProxy(host.substring(0, colon), Integer.parseInt(host.substring(colon + 1)));
    }

    private static Cairn.Builder app(DroppingProxy proxy, String database, CommandLog log) {
        return Cairn.builder().mongo(proxy.connectionString(), database).aggregate(Order.class)
                    .idempotencyLease(Duration.ofMillis(300))
                    .configure(c -> c.registerComponent(CommandLog.class, cfg -> log));
    }

    private static boolean unknownOutcome(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof CommitOutcomeUnknownException) {
                return true;
            }
        }
        return false;
    }

    @Test
    void anAppendWhoseReplyWasLostIsSettledByItsCommitAndARepeatGetsItsResult(MongoTarget target) throws Exception {
        // Given
        String name = "unknown_" + UUID.randomUUID().toString().substring(0, 8);
        MongoDatabase database = target.client().getDatabase(name);
        CommandLog log = new CommandLog();
        try (DroppingProxy proxy = proxy(target); CairnApplication app = app(proxy, name, log).start()) {
            app.commandGateway().sendAndWait(new PlaceOrder("order-1", "alice"));
            proxy.dropNextInsertInto("events", Drop.AFTER_THE_SERVER_RAN_IT);

            // When
            Throwable failure = catchThrowable(() -> app.commandGateway().sendAndWait(
                    withKey(new AddLine("order-1", "book", 1), "k-1")));
            Object repeat = app.commandGateway().sendAndWait(withKey(new AddLine("order-1", "book", 1), "k-1"));

            // Then
            assertThat(proxy.dropped()).isTrue();
            assertThat(unknownOutcome(failure)).as("reported as unknown, not as a failure: %s", failure).isTrue();
            Document commit = database.getCollection("events").find(Filters.eq("idempotency.key", "k-1")).first();
            assertThat(commit).as("the insert ran").isNotNull();
            assertThat(commit.get("idempotency", Document.class).getString("result")).contains((String) repeat);
            assertThat(log.executions()).isEqualTo(2); // PlaceOrder + one AddLine
            assertThat(database.getCollection("events").countDocuments()).isEqualTo(2);
            Document key = database.getCollection(Cairn.IDEMPOTENCY_COLLECTION).find(Filters.eq("_id", "k-1")).first();
            assertThat(key.getString("state")).isEqualTo("DONE");
        } finally {
            database.drop();
        }
    }

    @Test
    void anAppendThatNeverRanLeavesItsKeyPendingAndARepeatExecutesItOnce(MongoTarget target) throws Exception {
        // Given
        String name = "unknown_" + UUID.randomUUID().toString().substring(0, 8);
        MongoDatabase database = target.client().getDatabase(name);
        CommandLog log = new CommandLog();
        try (DroppingProxy proxy = proxy(target); CairnApplication app = app(proxy, name, log).start()) {
            app.commandGateway().sendAndWait(new PlaceOrder("order-1", "alice"));
            proxy.dropNextInsertInto("events", Drop.BEFORE_THE_SERVER_RUNS_IT);

            // When
            Throwable failure = catchThrowable(() -> app.commandGateway().sendAndWait(
                    withKey(new AddLine("order-1", "book", 1), "k-1")));
            Document afterDrop = database.getCollection(Cairn.IDEMPOTENCY_COLLECTION)
                                         .find(Filters.eq("_id", "k-1")).first();
            Object repeat = app.commandGateway().sendAndWait(withKey(new AddLine("order-1", "book", 1), "k-1"));
            Object again = app.commandGateway().sendAndWait(withKey(new AddLine("order-1", "book", 1), "k-1"));

            // Then
            assertThat(proxy.dropped()).isTrue();
            assertThat(unknownOutcome(failure)).as("reported as unknown, not as a failure: %s", failure).isTrue();
            assertThat(afterDrop.getString("state")).as("not recorded as failed").isEqualTo("PENDING");
            assertThat(repeat).isNotNull().isEqualTo(again);
            assertThat(log.executions()).isEqualTo(3); // PlaceOrder, the lost AddLine, its repeat
            assertThat(database.getCollection("events").countDocuments()).isEqualTo(2);
        } finally {
            database.drop();
        }
    }
}
