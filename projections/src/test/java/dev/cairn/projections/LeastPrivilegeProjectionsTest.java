package dev.cairn.projections;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import dev.cairn.aggregates.Cairn;
import dev.cairn.aggregates.CairnApplication;
import dev.cairn.eventstore.mongo.layout.IndexCatalog;
import dev.cairn.eventstore.mongo.support.IndexSpec;
import dev.cairn.eventstore.mongo.support.MissingIndexException;
import dev.cairn.mongo.embedded.junit.CommandCounter;
import dev.cairn.mongo.embedded.junit.EmbeddedMongoExtension;
import dev.cairn.mongo.embedded.junit.MongoTarget;
import com.example.bank.Account;
import com.example.projections.Balances;
import com.example.bank.Bank.Deposit;
import com.example.bank.Bank.OpenAccount;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * ADR 18: {@code Cairn.builder().indexCreation(false)} reaches the projections' token store, dead-letter queues and read
 * models: a prepared database runs without any {@code createIndexes}; a missing index fails start-up naming it.
 */
@ExtendWith(EmbeddedMongoExtension.class)
class LeastPrivilegeProjectionsTest {

    @Test
    void onAPreparedDatabaseProjectionsRunWithoutCreatingAnIndex(MongoTarget target) throws Exception {
        withFreshDatabase(target, (database, counter) -> {
            // Given a database an operator prepared
            IndexCatalog.ensure(database);
            counter.reset();
            CairnProjections projections = balances();

            // When the application runs with index creation off
            try (CairnApplication app = application(database, projections).start()) {
                app.commandGateway().sendAndWait(new OpenAccount("a-1"));
                app.commandGateway().sendAndWait(new Deposit("a-1", 100));
                boolean caughtUp = await(projections, app);

                // Then it works and created no index
                assertThat(caughtUp).isTrue();
                assertThat(projections.readModel("balances").collection(Balances.ACCOUNTS).find("a-1")
                                      .orElseThrow().getLong("balance")).isEqualTo(100);
                assertThat(counter.count("createIndexes")).isZero();

                // And a read model's own index is checked, not created
                assertThatThrownBy(() -> projections.readModel("balances").collection(Balances.ACCOUNTS)
                                                    .ensureIndexes(List.of(IndexSpec.ascending("by_balance",
                                                                                               "balance"))))
                        .isInstanceOf(MissingIndexException.class)
                        .hasMessageStartingWith("Collection [balances] lacks index [by_balance] {\"balance\": 1}");
                assertThat(counter.count("createIndexes")).isZero();
            }
        });
    }

    @ParameterizedTest
    @CsvSource({"cairn_tokens, cairn_tokens_processor_segment",
                "cairn_dead_letters, cairn_dead_letters_sequence"})
    void aMissingIndexOfTheProjectionsFailsStartUpNamingIt(String collection, String index, MongoTarget target) {
        withFreshDatabase(target, (database, counter) -> {
            // Given a prepared database that lacks one index
            IndexCatalog.ensure(database);
            database.getCollection(collection).dropIndex(index);
            counter.reset();

            // When
            Throwable thrown = catchThrowable(() -> application(database, balances()).start().close());

            // Then
            assertThat(thrown).isNotNull();
            assertThat(rootCause(thrown)).isInstanceOf(MissingIndexException.class)
                                         .hasMessageStartingWith("Collection [" + collection + "] lacks index ["
                                                                         + index + "]")
                                         .hasMessageContaining("./cairn indexes ensure");
            assertThat(counter.count("createIndexes")).isZero();
        });
    }

    private static Throwable rootCause(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause;
    }

    private static CairnProjections balances() {
        return CairnProjections.builder()
                               .projection(new Balances(), o -> o.owns(Balances.ACCOUNTS, Balances.TOTALS))
                               .build();
    }

    private static Cairn.Builder application(MongoDatabase database, CairnProjections projections) {
        return Cairn.builder().database(database).aggregate(Account.class).indexCreation(false)
                    .extension(projections.extension());
    }

    private static boolean await(CairnProjections projections, CairnApplication app) throws InterruptedException {
        return projections.awaitCaughtUp("balances", app.lastAppendedPosition().orElse(0), Duration.ofSeconds(10));
    }

    private interface DatabaseTest {
        void run(MongoDatabase database, CommandCounter counter) throws Exception;
    }

    private static void withFreshDatabase(MongoTarget target, DatabaseTest test) {
        CommandCounter counter = new CommandCounter();
        try (MongoClient counted = counter.newClient(target.connectionString())) {
            MongoDatabase database = counted.getDatabase("least_privilege_" + UUID.randomUUID().toString()
                                                                                      .substring(0, 8));
            try {
                test.run(database, counter);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            } finally {
                database.drop();
            }
        }
    }
}
