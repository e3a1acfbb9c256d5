package dev.cairn.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.IndexOptions;
import dev.cairn.cli.support.CliRun;
import dev.cairn.eventstore.mongo.layout.IndexCatalog;
import dev.cairn.mongo.embedded.junit.EmbeddedMongoExtension;
import dev.cairn.mongo.embedded.junit.MongoTarget;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code cairn indexes check|ensure} (ADR 18): a fresh database lacks every index and check names each; ensure creates
 * them; a differently defined index is named by both and never dropped.
 */
@ExtendWith(EmbeddedMongoExtension.class)
class IndexCommandsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private MongoDatabase fresh;

    @AfterEach
    void dropTheDatabase() {
        if (fresh != null) {
            fresh.drop();
        }
    }

    @Test
    void checkNamesEachMissingIndexAndEnsureCreatesThemAll(MongoTarget mongo, MongoClient client) throws Exception {
        // Given an empty database
        fresh = client.getDatabase("indexes_" + UUID.randomUUID().toString().substring(0, 8));
        int total = IndexCatalog.entries().stream().mapToInt(e -> e.indexes().size()).sum();

        // When checked
        CliRun check = run(mongo, "indexes", "check");
        CliRun json = run(mongo, "indexes", "check", "--json");

        // Then it fails naming every index, with its collection and keys
        assertThat(check.exitCode()).as(check.toString()).isEqualTo(CairnCli.FAILURE);
        assertThat(check.out().lines().findFirst().orElseThrow()).startsWith("STATUS   COLLECTION  ");
        assertThat(check.out()).contains("MISSING", "events", "cairn_lastGlobalIndex", "{\"lastGlobalIndex\": 1} unique",
                                         "cairn_deadlines_name", "{\"name\": 1, \"scope.json\": 1}")
                               .contains(total + " of " + total + " indexes are missing or different")
                               .contains("cairn indexes ensure");
        assertThat(check.out().lines().filter(line -> line.startsWith("MISSING"))).hasSize(total);
        JsonNode document = JSON.readTree(json.out());
        assertThat(json.exitCode()).isEqualTo(CairnCli.FAILURE);
        assertThat(fieldNames(document)).containsExactly("database", "collections", "indexes", "ok", "problems");
        assertThat(document.get("ok").asBoolean()).isFalse();
        assertThat(document.get("problems")).hasSize(total);
        JsonNode first = document.get("problems").get(0);
        assertThat(fieldNames(first)).containsExactly("collection", "status", "name", "keys", "unique", "sparse",
                                                      "expireAfterSeconds", "found");
        assertThat(first.get("collection").asText()).isEqualTo("events");
        assertThat(first.get("status").asText()).isEqualTo("MISSING");
        assertThat(first.get("keys").get("lastGlobalIndex").asInt()).isEqualTo(1);

        // When an operator ensures them, then checks again
        CliRun ensure = run(mongo, "indexes", "ensure");
        CliRun again = run(mongo, "indexes", "check");
        CliRun secondEnsure = run(mongo, "indexes", "ensure", "--json");

        // Then every index and collection is there, and ensuring again creates nothing
        assertThat(ensure.exitCode()).as(ensure.toString()).isZero();
        assertThat(ensure.out()).startsWith("Created " + total + " of " + total + " indexes in database ["
                                                    + fresh.getName() + "]: events.cairn_lastGlobalIndex, ");
        assertThat(again.exitCode()).as(again.toString()).isZero();
        assertThat(again.out()).isEqualTo("All " + total + " indexes of Cairn's " + IndexCatalog.collections().size()
                                                  + " collections are present in database [" + fresh.getName()
                                                  + "].\n");
        assertThat(JSON.readTree(secondEnsure.out()).get("created")).isEmpty();
        assertThat(fresh.listCollectionNames().into(new ArrayList<>())).containsAll(IndexCatalog.collections());
    }

    @Test
    void aDifferentIndexIsNamedByCheckAndRefusedByEnsure(MongoTarget mongo, MongoClient client) {
        // Given a prepared database whose token index was replaced by a non-unique one
        fresh = client.getDatabase("indexes_" + UUID.randomUUID().toString().substring(0, 8));
        IndexCatalog.ensure(fresh);
        fresh.getCollection("cairn_tokens").dropIndex("cairn_tokens_processor_segment");
        fresh.getCollection("cairn_tokens").createIndex(new Document("processorName", 1).append("segment", 1),
                                                        new IndexOptions().name("cairn_tokens_processor_segment"));

        // When
        CliRun check = run(mongo, "indexes", "check");
        CliRun ensure = run(mongo, "indexes", "ensure");

        // Then
        assertThat(check.exitCode()).as(check.toString()).isEqualTo(CairnCli.FAILURE);
        assertThat(check.out().lines().filter(line -> line.startsWith("DIFFERENT")).toList()).singleElement()
                .satisfies(line -> assertThat(line).contains("cairn_tokens", "cairn_tokens_processor_segment",
                                                             "{\"processorName\": 1, \"segment\": 1} unique"));
        assertThat(ensure.exitCode()).as(ensure.toString()).isEqualTo(CairnCli.FAILURE);
        assertThat(ensure.err()).startsWith("cairn: Collection [cairn_tokens] has index "
                                                    + "[cairn_tokens_processor_segment] defined as")
                                .contains("dropIndex(\"cairn_tokens_processor_segment\")");
        assertThat(fresh.getCollection("cairn_tokens").listIndexes().into(new ArrayList<>()))
                .anySatisfy(index -> assertThat(index.getString("name")).isEqualTo("cairn_tokens_processor_segment"));
    }

    private CliRun run(MongoTarget mongo, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--mongo-uri", mongo.connectionString(), "--database", fresh.getName()));
        return CliRun.run(null, Map.of(), all.toArray(String[]::new));
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
