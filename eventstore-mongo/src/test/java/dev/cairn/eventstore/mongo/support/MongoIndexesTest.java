package dev.cairn.eventstore.mongo.support;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.IndexOptions;
import dev.cairn.mongo.embedded.junit.EmbeddedMongoExtension;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@ExtendWith(EmbeddedMongoExtension.class)
class MongoIndexesTest {

    private static final List<IndexSpec> SPECS = List.of(
            IndexSpec.ascending("cairn_key", "key").asUnique().asSparse(),
            IndexSpec.ascending("cairn_pair", "a", "b"),
            IndexSpec.ascending("cairn_expiry", "expiresAt").expiringAfter(Duration.ZERO));

    @Test
    void ensuringTwiceCreatesEachIndexOnceWithItsDefinition(MongoDatabase database) {
        // given
        MongoCollection<Document> collection = database.getCollection("twice");

        // when
        MongoIndexes.ensure(collection, SPECS);
        MongoIndexes.ensure(collection, SPECS);

        // then
        List<Document> indexes = collection.listIndexes().into(new ArrayList<>());
        assertThat(indexes).extracting(i -> i.getString("name"))
                           .containsExactlyInAnyOrder("_id_", "cairn_key", "cairn_pair", "cairn_expiry");
        Document key = indexes.stream().filter(i -> i.getString("name").equals("cairn_key")).findFirst().orElseThrow();
        assertThat(key.getBoolean("unique")).isTrue();
        assertThat(key.getBoolean("sparse")).isTrue();
        Document expiry = indexes.stream().filter(i -> i.getString("name").equals("cairn_expiry")).findFirst()
                                 .orElseThrow();
        assertThat(((Number) expiry.get("expireAfterSeconds")).longValue()).isZero();
    }

    @Test
    void anIndexWithACairnNameButOtherOptionsNamesCollectionIndexAndFix(MongoDatabase database) {
        // given a hand-made, non-unique index under Cairn's name
        MongoCollection<Document> collection = database.getCollection("handmade");
        collection.createIndex(new Document("key", 1), new IndexOptions().name("cairn_key"));

        // when / then
        assertThatThrownBy(() -> MongoIndexes.ensure(collection, SPECS))
                .isInstanceOfSatisfying(IndexConflictException.class, e -> {
                    assertThat(e.collectionName()).isEqualTo("handmade");
                    assertThat(e.indexName()).isEqualTo("cairn_key");
                })
                .hasMessageContaining("[handmade]")
                .hasMessageContaining("dropIndex(\"cairn_key\")");
    }

    @Test
    void aTtlIndexWithAnotherExpiryConflicts(MongoDatabase database) {
        // given
        MongoCollection<Document> collection = database.getCollection("ttl");
        collection.createIndex(new Document("expiresAt", 1),
                               new IndexOptions().name("cairn_expiry").expireAfter(60L, TimeUnit.SECONDS));

        // when / then
        assertThatThrownBy(() -> MongoIndexes.ensure(collection, SPECS))
                .isInstanceOf(IndexConflictException.class)
                .hasMessageContaining("expireAfterSeconds 0");
    }

    @Test
    void anIndexSpecRefusesBlankNamesAndEmptyKeys() {
        assertThatThrownBy(() -> IndexSpec.ascending(" ", "a")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> IndexSpec.ascending("cairn_empty"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cairn_empty");
    }
}
