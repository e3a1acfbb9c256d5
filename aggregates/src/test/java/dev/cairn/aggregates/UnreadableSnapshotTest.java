package dev.cairn.aggregates;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import com.example.aggregates.testdomain.CommandLog;
import com.example.aggregates.testdomain.Commands.AddLine;
import com.example.aggregates.testdomain.Commands.PlaceOrder;
import com.example.aggregates.testdomain.Order;
import dev.cairn.eventstore.mongo.MongoEventStorageEngine;
import dev.cairn.mongo.embedded.junit.EmbeddedMongoExtension;
import dev.cairn.mongo.embedded.junit.StandardError;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.bson.Document;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A snapshot is a cache: on the plain entry point too (no snapshotter extension), a snapshot that no longer
 * deserializes is ignored and the aggregate is loaded from its events instead of failing every command on it.
 */
@ExtendWith(EmbeddedMongoExtension.class)
class UnreadableSnapshotTest {

    @Test
    void aSnapshotWhoseFieldChangedTypeNeverBlocksALoad(MongoDatabase database) {
        // Given an order snapshotted by the plain entry point
        try (CairnApplication app = TestApps.orders(database, new CommandLog()).snapshotEvery(Order.class, 2)
                                            .start()) {
            app.commandGateway().sendAndWait(new PlaceOrder("order-s", "sam"));
            app.commandGateway().sendAndWait(new AddLine("order-s", "pen", 1));
        }
        assertThat(database.getCollection("snapshots").countDocuments(Filters.eq("_id", "order-s"))).isEqualTo(1);
        // and its stored state no longer fitting the class (a list field now holds a document)
        database.getCollection("snapshots").updateOne(Filters.eq("_id", "order-s"),
                                                      Updates.set("payload.products", new Document("x", 1)));

        // When the application restarts and a command loads the order
        try (CairnApplication app = TestApps.orders(database, new CommandLog()).snapshotEvery(Order.class, 2)
                                            .start()) {
            Order[] loaded = new Order[1];
            String warnings = StandardError.captured(() -> {
                app.commandGateway().sendAndWait(new AddLine("order-s", "ink", 1));
                loaded[0] = DefaultUnitOfWork.startAndGet(null).executeWithResult(
                        () -> app.configuration().repository(Order.class).load("order-s").invoke(order -> order))
                                             .getPayload();
            });

            // Then the command succeeded on the state rebuilt from the events, and the ignored snapshot is counted
            assertThat(loaded[0].products()).containsExactly("pen", "ink");
            MongoEventStorageEngine engine = app.configuration().getComponent(MongoEventStorageEngine.class);
            assertThat(engine.ignoredSnapshots()).isPositive();
            // and reported once, naming the field that cannot be read
            assertThat(warnings.split("Ignoring the snapshot of aggregate \\[order-s\\]", -1)).hasSize(2);
            assertThat(warnings).contains("field 'products' cannot be read");
        }
    }
}
