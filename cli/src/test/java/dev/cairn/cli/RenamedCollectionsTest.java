package dev.cairn.cli;

import com.example.bank.BankHistory;
import com.example.cli.RenamedBankCli;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import dev.cairn.cli.support.CliRun;
import dev.cairn.eventstore.mongo.MongoEventStorageEngine;
import dev.cairn.eventstore.mongo.layout.IndexCatalog;
import dev.cairn.mongo.embedded.junit.EmbeddedMongoExtension;
import dev.cairn.mongo.embedded.junit.MongoTarget;
import dev.cairn.processing.MongoTokenStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static dev.cairn.cli.ProjectionCommandsTest.run;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * ADR 73: the command line finds an application's collections under the names the application gives them, from the
 * application's own description, not under assumed default names.
 */
@ExtendWith(EmbeddedMongoExtension.class)
class RenamedCollectionsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void eventCommandsReadTheEventCollectionTheApplicationNames(MongoTarget mongo, MongoDatabase database)
            throws Exception {
        // Given 2 accounts of 1 + 2 events stored in the application's event collection, bank_events
        MongoEventStorageEngine engine = MongoEventStorageEngine.builder().database(database)
                                                                .eventCollectionName(RenamedBankCli.EVENTS).build();
        BankHistory.write(engine, "account-", 2, 2, 3, 7);
        long head = engine.createHeadToken().position().orElseThrow();

        // When the application's command line asks for statistics and the latest events, and one without it
        CliRun stats = run(mongo, database, new RenamedBankCli(), "events", "stats", "--json");
        CliRun tail = run(mongo, database, new RenamedBankCli(), "events", "tail", "-n", "2", "--json");
        CliRun withoutTheApplication = run(mongo, database, null, "events", "stats", "--json");

        // Then the application's run finds every event in bank_events
        assertThat(stats.exitCode()).as(stats.toString()).isZero();
        JsonNode document = JSON.readTree(stats.out());
        assertThat(document.get("events").asLong()).isEqualTo(6);
        assertThat(document.get("head").asLong()).isEqualTo(head);
        assertThat(tail.exitCode()).as(tail.toString()).isZero();
        List<Long> positions = new ArrayList<>();
        for (String line : tail.out().lines().toList()) {
            positions.add(JSON.readTree(line).get("position").asLong());
        }
        assertThat(positions).containsExactly(head - 1, head);
        // and without the application's description only the default collection, which is empty, is read
        assertThat(JSON.readTree(withoutTheApplication.out()).get("events").asLong()).isZero();
        assertThat(database.listCollectionNames().into(new ArrayList<>())).doesNotContain("events");
    }

    @Test
    void indexCommandsCheckAndPrepareTheCollectionsTheApplicationNames(MongoTarget mongo, MongoClient client)
            throws Exception {
        // Given an empty database of the application that renamed its event and token collections
        MongoDatabase database = client.getDatabase("renamed_" + UUID.randomUUID().toString().substring(0, 8));
        int total = IndexCatalog.entries().stream().mapToInt(entry -> entry.indexes().size()).sum();
        try {
            // When its command line checks, ensures, and checks again
            CliRun before = run(mongo, database, new RenamedBankCli(), "indexes", "check", "--json");
            CliRun ensure = run(mongo, database, new RenamedBankCli(), "indexes", "ensure");
            CliRun after = run(mongo, database, new RenamedBankCli(), "indexes", "check");

            // Then the missing indexes are named under the application's collections
            assertThat(before.exitCode()).as(before.toString()).isEqualTo(CairnCli.FAILURE);
            List<String> collections = JSON.readTree(before.out()).get("problems").findValuesAsText("collection");
            assertThat(collections).hasSize(total).contains(RenamedBankCli.EVENTS, RenamedBankCli.TOKENS)
                                   .doesNotContain("events", "cairn_tokens");
            // and they are created there, and found there
            assertThat(ensure.exitCode()).as(ensure.toString()).isZero();
            assertThat(ensure.out()).contains(RenamedBankCli.EVENTS + ".cairn_lastGlobalIndex",
                                              RenamedBankCli.TOKENS + ".cairn_tokens_processor_segment");
            assertThat(after.exitCode()).as(after.toString()).isZero();
            assertThat(database.listCollectionNames().into(new ArrayList<>()))
                    .contains(RenamedBankCli.EVENTS, RenamedBankCli.TOKENS).doesNotContain("events", "cairn_tokens");
        } finally {
            database.drop();
        }
    }

    @Test
    void projectionCommandsReadTheTokensTheApplicationNames(MongoTarget mongo, MongoClient client) throws Exception {
        // Given the application's projection with its token, at the head of 6 events, in bank_tokens only
        MongoDatabase database = client.getDatabase("renamed_" + UUID.randomUUID().toString().substring(0, 8));
        try {
            MongoEventStorageEngine engine = MongoEventStorageEngine.builder().database(database)
                                                                    .eventCollectionName(RenamedBankCli.EVENTS)
                                                                    .build();
            BankHistory.write(engine, "account-", 2, 2, 3, 7);
            MongoTokenStore.builder().database(database).collectionName(RenamedBankCli.TOKENS).build()
                           .initializeTokenSegments("balances", 1, engine.createHeadToken());

            // When its command line lists the projections and shows the status of the stored one
            CliRun list = run(mongo, database, new RenamedBankCli(), "projections", "list", "--json");
            CliRun status = run(mongo, database, new RenamedBankCli(), "projections", "status", "balances",
                                "--json");

            // Then the token is found in bank_tokens, and the projection is level with bank_events' head
            assertThat(list.exitCode()).as(list.toString()).isZero();
            JsonNode balances = JSON.readTree(list.out()).get("projections").get(0);
            assertThat(balances.get("name").asText()).isEqualTo("balances");
            assertThat(balances.get("stored").asBoolean()).as(list.out()).isTrue();
            assertThat(status.exitCode()).as(status.toString()).isZero();
            JsonNode balancesStatus = JSON.readTree(status.out()).get("projections").get(0);
            assertThat(balancesStatus.get("head").asLong()).as(status.out())
                                                           .isEqualTo(engine.createHeadToken().position().orElseThrow());
            assertThat(balancesStatus.get("lag").asLong()).as(status.out()).isZero();
            assertThat(database.listCollectionNames().into(new ArrayList<>())).doesNotContain("cairn_tokens");
        } finally {
            database.drop();
        }
    }
}
