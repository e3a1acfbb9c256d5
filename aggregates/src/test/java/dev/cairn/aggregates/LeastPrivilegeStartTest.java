package dev.cairn.aggregates;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import com.example.aggregates.testdomain.Commands.PlaceOrder;
import com.example.aggregates.testdomain.CommandLog;
import dev.cairn.eventstore.mongo.layout.IndexCatalog;
import dev.cairn.eventstore.mongo.layout.StorageLayout;
import dev.cairn.eventstore.mongo.support.MissingIndexException;
import dev.cairn.mongo.embedded.junit.CommandCounter;
import dev.cairn.mongo.embedded.junit.EmbeddedMongoExtension;
import dev.cairn.mongo.embedded.junit.MongoTarget;
import org.axonframework.eventsourcing.eventstore.EventStoreException;
import org.bson.BsonDocument;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * ADR 18: {@code Cairn.builder().indexCreation(false)} governs every index the application needs: without them start-up
 * fails naming the first missing one; with them (created by an operator) it starts without creating any.
 */
@ExtendWith(EmbeddedMongoExtension.class)
class LeastPrivilegeStartTest {

    @Test
    void aStartWithoutIndexCreationOnAnEmptyDatabaseFailsNamingTheFirstMissingIndex(MongoTarget target) {
        // Given an empty database reached through a client that counts commands
        CommandCounter counter = new CommandCounter();
        try (MongoClient counted = counter.newClient(target.connectionString())) {
            MongoDatabase database = counted.getDatabase("least_privilege_" + UUID.randomUUID().toString()
                                                                                      .substring(0, 8));
            try {
                // When / Then
                assertThatThrownBy(() -> TestApps.orders(database, new CommandLog()).indexCreation(false).start())
                        .isInstanceOf(EventStoreException.class)
                        .hasRootCauseInstanceOf(MissingIndexException.class)
                        .hasMessageContaining("Collection [events] lacks index [cairn_lastGlobalIndex] "
                                                      + "{\"lastGlobalIndex\": 1} unique")
                        .hasMessageContaining("./cairn indexes ensure")
                        .hasMessageContaining("indexCreation(true)");
                assertThat(counter.count("createIndexes")).isZero();
            } finally {
                database.drop();
            }
        }
    }

    @Test
    void aMissingIdempotencyIndexIsNamedOnceTheEventStoreIsReady(MongoTarget target) {
        // Given a database prepared by an operator, then one index dropped
        CommandCounter counter = new CommandCounter();
        try (MongoClient counted = counter.newClient(target.connectionString())) {
            MongoDatabase database = counted.getDatabase("least_privilege_" + UUID.randomUUID().toString()
                                                                                      .substring(0, 8));
            try {
                IndexCatalog.ensure(database);
                database.getCollection("idempotency").dropIndex("cairn_idempotency_expiry");
                counter.reset();

                // When / Then
                assertThatThrownBy(() -> TestApps.orders(database, new CommandLog()).indexCreation(false).start())
                        .isInstanceOf(MissingIndexException.class)
                        .hasMessageStartingWith("Collection [idempotency] lacks index [cairn_idempotency_expiry] "
                                                        + "{\"expiresAt\": 1} expireAfterSeconds 0");
                assertThat(counter.count("createIndexes")).isZero();
            } finally {
                database.drop();
            }
        }
    }

    @Test
    void aStartWithoutIndexCreationOnAPreparedDatabaseCreatesNoIndex(MongoTarget target) {
        // Given a database whose indexes an operator created (cairn indexes ensure)
        CommandCounter counter = new CommandCounter();
        try (MongoClient counted = counter.newClient(target.connectionString())) {
            MongoDatabase database = counted.getDatabase("least_privilege_" + UUID.randomUUID().toString()
                                                                                      .substring(0, 8));
            try {
                IndexCatalog.ensure(database);
                counter.reset();

                // When
                try (CairnApplication app = TestApps.orders(database, new CommandLog()).indexCreation(false)
                                                    .start()) {
                    app.commandGateway().sendAndWait(new PlaceOrder("order-1", "alice"));
                }

                // Then it worked, checked the indexes, and created none
                assertThat(database.getCollection("events").countDocuments()).isEqualTo(1);
                assertThat(counter.count("listIndexes")).isGreaterThanOrEqualTo(3);
                assertThat(counter.count("createIndexes")).isZero();
                assertThat(database.getCollection("events", BsonDocument.class).listIndexes()
                                   .into(new ArrayList<>())).hasSize(StorageLayout.EVENT_INDEXES.size() + 1);
            } finally {
                database.drop();
            }
        }
    }
}
