package dev.cairn.eventstore.mongo.layout;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.IndexOptions;
import dev.cairn.eventstore.mongo.support.CairnCollections;
import dev.cairn.eventstore.mongo.support.IndexConflictException;
import dev.cairn.eventstore.mongo.support.IndexProblem;
import dev.cairn.mongo.embedded.junit.EmbeddedMongoExtension;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * ADR 18: the catalog lists every collection Cairn keeps, and finds and creates what a database lacks.
 */
@ExtendWith(EmbeddedMongoExtension.class)
class IndexCatalogTest {

    @Test
    void theCatalogListsEveryCollectionNamedInCairnCollections() throws IllegalAccessException {
        // Given every default collection name
        List<String> names = new ArrayList<>();
        for (Field field : CairnCollections.class.getFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
                names.add((String) field.get(null));
            }
        }

        // When / Then
        assertThat(IndexCatalog.collections()).containsExactlyInAnyOrderElementsOf(names);
        assertThat(IndexCatalog.entries()).filteredOn(e -> e.collection().equals("events")).singleElement()
                                          .satisfies(e -> assertThat(e.indexes())
                                                  .isEqualTo(StorageLayout.EVENT_INDEXES));
    }

    @Test
    void anEmptyDatabaseLacksEveryIndexAndEnsureCreatesThemAll(MongoDatabase database) {
        // Given a fresh database
        MongoDatabase fresh = database;
        long expected = IndexCatalog.entries().stream().mapToLong(e -> e.indexes().size()).sum();
        assertThat(IndexCatalog.problems(fresh)).hasSize((int) expected).allMatch(IndexProblem::missing);

        // When
        List<String> created = IndexCatalog.ensure(fresh);

        // Then every index is there, every collection exists, and a second ensure creates nothing
        assertThat(created).hasSize((int) expected).contains("events.cairn_lastGlobalIndex",
                                                             "cairn_deadlines.cairn_deadlines_due");
        assertThat(IndexCatalog.problems(fresh)).isEmpty();
        assertThat(fresh.listCollectionNames().into(new ArrayList<>()))
                .containsAll(IndexCatalog.collections());
        assertThat(IndexCatalog.ensure(fresh)).isEmpty();

        // And a different index is a problem that ensure refuses to paper over
        fresh.getCollection("cairn_tokens").dropIndex("cairn_tokens_processor_segment");
        fresh.getCollection("cairn_tokens").createIndex(new Document("processorName", 1).append("segment", 1),
                                                        new IndexOptions().name("cairn_tokens_processor_segment"));
        assertThat(IndexCatalog.problems(fresh)).singleElement().satisfies(problem -> {
            assertThat(problem.missing()).isFalse();
            assertThat(problem.describe()).startsWith("collection [cairn_tokens]: index "
                                                              + "[cairn_tokens_processor_segment] "
                                                              + "{\"processorName\": 1, \"segment\": 1} unique is "
                                                              + "defined differently: found ");
        });
        assertThatThrownBy(() -> IndexCatalog.ensure(fresh)).isInstanceOf(IndexConflictException.class);
    }

    @Test
    void renamedCollectionsAreCheckedAndCreatedUnderTheirConfiguredNames(MongoClient client) {
        // Given an empty database of an application that renamed its event and token collections
        MongoDatabase fresh = client.getDatabase("catalog_" + UUID.randomUUID().toString().substring(0, 8));
        CairnCollections collections = CairnCollections.defaults()
                                                       .with(CairnCollections.Role.EVENTS, "bank_events")
                                                       .with(CairnCollections.Role.TOKENS, "bank_tokens");
        try {
            // When
            List<IndexProblem> before = IndexCatalog.problems(fresh, collections);
            List<String> created = IndexCatalog.ensure(fresh, collections);

            // Then the renamed collections are the ones checked and prepared, the default ones untouched
            assertThat(before).extracting(IndexProblem::collection).contains("bank_events", "bank_tokens")
                              .doesNotContain("events", "cairn_tokens");
            assertThat(created).contains("bank_events.cairn_lastGlobalIndex",
                                         "bank_tokens.cairn_tokens_processor_segment");
            assertThat(IndexCatalog.collections(collections)).contains("bank_events", "bank_tokens", "snapshots");
            assertThat(fresh.listCollectionNames().into(new ArrayList<>()))
                    .containsAll(IndexCatalog.collections(collections)).doesNotContain("events", "cairn_tokens");
            assertThat(IndexCatalog.problems(fresh, collections)).isEmpty();
        } finally {
            fresh.drop();
        }
    }
}
