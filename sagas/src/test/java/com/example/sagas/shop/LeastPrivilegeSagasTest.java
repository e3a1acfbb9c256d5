package com.example.sagas.shop;

import com.example.shop.Inventory;
import com.example.shop.Order;
import com.example.shop.Shop;
import com.example.shop.Wallet;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import dev.cairn.aggregates.Cairn;
import dev.cairn.aggregates.CairnApplication;
import dev.cairn.eventstore.mongo.layout.IndexCatalog;
import dev.cairn.eventstore.mongo.support.MissingIndexException;
import dev.cairn.mongo.embedded.junit.CommandCounter;
import dev.cairn.mongo.embedded.junit.EmbeddedMongoExtension;
import dev.cairn.mongo.embedded.junit.MongoTarget;
import dev.cairn.sagas.CairnSagas;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * ADR 18: {@code Cairn.builder().indexCreation(false)} reaches the saga store, the deadline manager and the saga
 * processors' token store: a prepared database starts without any {@code createIndexes}; a missing index fails
 * start-up naming it.
 */
@ExtendWith(EmbeddedMongoExtension.class)
class LeastPrivilegeSagasTest {

    @Test
    void onAPreparedDatabaseSagasStartWithoutCreatingAnIndex(MongoTarget target) {
        withFreshDatabase(target, (database, counter) -> {
            // Given a database an operator prepared
            IndexCatalog.ensure(database);
            counter.reset();

            // When
            try (CairnApplication app = start(database, ShopApplication.sagas())) {
                app.commandGateway().sendAndWait(new Shop.StockInventory("sku-1", 3));

                // Then
                assertThat(counter.count("listIndexes")).isGreaterThanOrEqualTo(5);
                assertThat(counter.count("createIndexes")).isZero();
            }
        });
    }

    @ParameterizedTest
    @CsvSource({"cairn_sagas, cairn_sagas_associations",
                "cairn_deadlines, cairn_deadlines_due",
                "cairn_deadlines, cairn_deadlines_name",
                "cairn_parked_saga_events, cairn_parked_saga_events_due",
                "cairn_tokens, cairn_tokens_processor_segment"})
    void aMissingIndexOfTheSagasFailsStartUpNamingIt(String collection, String index, MongoTarget target) {
        withFreshDatabase(target, (database, counter) -> {
            // Given a prepared database that lacks one index
            IndexCatalog.ensure(database);
            database.getCollection(collection).dropIndex(index);
            counter.reset();

            // When
            Throwable thrown = catchThrowable(() -> start(database, ShopApplication.sagas()).close());

            // Then
            assertThat(thrown).isNotNull();
            assertThat(rootCause(thrown)).isInstanceOf(MissingIndexException.class)
                                         .hasMessageStartingWith("Collection [" + collection + "] lacks index ["
                                                                         + index + "]")
                                         .hasMessageContaining("./cairn indexes ensure");
            assertThat(counter.count("createIndexes")).isZero();
        });
    }

    private static CairnApplication start(MongoDatabase database, CairnSagas sagas) {
        return Cairn.builder().database(database).indexCreation(false)
                    .aggregate(Order.class).aggregate(Inventory.class).aggregate(Wallet.class)
                    .extension(sagas.extension())
                    .start();
    }

    private static Throwable rootCause(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause;
    }

    private interface DatabaseTest {
        void run(MongoDatabase database, CommandCounter counter);
    }

    private static void withFreshDatabase(MongoTarget target, DatabaseTest test) {
        CommandCounter counter = new CommandCounter();
        try (MongoClient counted = counter.newClient(target.connectionString())) {
            MongoDatabase database = counted.getDatabase("least_privilege_" + UUID.randomUUID().toString()
                                                                                      .substring(0, 8));
            try {
                test.run(database, counter);
            } finally {
                database.drop();
            }
        }
    }
}
