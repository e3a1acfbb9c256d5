package dev.cairn.projections;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import dev.cairn.aggregates.Cairn;
import dev.cairn.aggregates.CairnApplication;
import dev.cairn.eventstore.mongo.MongoEventStorageEngine;
import dev.cairn.mongo.embedded.junit.EmbeddedMongoExtension;
import dev.cairn.mongo.embedded.junit.MongoTarget;
import com.example.bank.Account;
import com.example.projections.Balances;
import com.example.bank.BankHistory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two applications in one JVM running one projection with the default options (as tests and some deployments do):
 * each token store has its own node id, so they share the segments instead of both taking every claim for their own,
 * and every event is applied once.
 */
@ExtendWith(EmbeddedMongoExtension.class)
class TwoApplicationsInOneJvmTest {

    @Test
    void twoApplicationsWithDefaultNodeIdsApplyEveryEventOnce(MongoTarget target, MongoDatabase database)
            throws Exception {
        // Given a history, and two applications with default projection options
        MongoEventStorageEngine engine = MongoEventStorageEngine.builder().database(database).build();
        BankHistory history = BankHistory.write(engine, 60, 24, 25, 4);
        long head = engine.createHeadToken().position().orElseThrow();
        CairnProjections first = projections();
        CairnProjections second = projections();
        try (MongoClient clientA = MongoClients.create(target.connectionString());
             MongoClient clientB = MongoClients.create(target.connectionString());
             CairnApplication a = start(clientA.getDatabase(database.getName()), first);
             CairnApplication b = start(clientB.getDatabase(database.getName()), second)) {

            // When both have processed the history
            assertThat(first.awaitCaughtUp("balances", head, Duration.ofSeconds(60))).isTrue();

            // Then their node ids differ and every balance is exact, not doubled
            assertThat(first.tokenStore().nodeId()).isNotEqualTo(second.tokenStore().nodeId());
            ReadModel readModel = first.readModel("balances");
            for (Map.Entry<String, Long> expected : history.balances().entrySet()) {
                assertThat(readModel.collection(Balances.ACCOUNTS).find(expected.getKey()).orElseThrow()
                                    .getLong("balance")).as(expected.getKey()).isEqualTo(expected.getValue());
            }
        }
    }

    private static CairnProjections projections() {
        return CairnProjections.builder()
                               .projection(new Balances(), o -> o.owns(Balances.ACCOUNTS, Balances.TOTALS))
                               .build();
    }

    private static CairnApplication start(MongoDatabase database, CairnProjections projections) {
        return Cairn.builder().database(database).aggregate(Account.class).extension(projections.extension())
                    .start();
    }
}
