package dev.cairn.eventstore.mongo;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.IndexOptions;
import dev.cairn.eventstore.mongo.support.IndexConflictException;
import dev.cairn.eventstore.mongo.support.MissingIndexException;
import dev.cairn.mongo.embedded.junit.CommandCounter;
import dev.cairn.mongo.embedded.junit.EmbeddedMongoExtension;
import dev.cairn.mongo.embedded.junit.MongoTarget;
import org.axonframework.eventsourcing.eventstore.EventStoreException;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * ADR 18: an engine built with {@code indexCreation(false)} never creates an index; it fails naming the first missing
 * or different one, and starts without any {@code createIndexes} command when all are present.
 */
@ExtendWith(EmbeddedMongoExtension.class)
class IndexCreationOffTest {

    @Test
    void missingIndexesFailTheBuildNamingTheFirstAndTheFix(MongoTarget target, MongoDatabase database) {
        // Given a database without the event store's indexes, seen through a client that counts commands
        CommandCounter counter = new CommandCounter();
        try (MongoClient counted = counter.newClient(target.connectionString())) {
            MongoDatabase db = counted.getDatabase(database.getName());

            // When / Then
            assertThatThrownBy(() -> MongoEventStorageEngine.builder().database(db).indexCreation(false)
                                                            .eventCollectionName("bare_events")
                                                            .snapshotCollectionName("bare_snapshots").build())
                    .isInstanceOf(EventStoreException.class)
                    .hasCauseInstanceOf(MissingIndexException.class)
                    .hasMessage("Collection [bare_events] lacks index [cairn_lastGlobalIndex] "
                                        + "{\"lastGlobalIndex\": 1} unique, and index creation is off. Create Cairn's "
                                        + "indexes with './cairn indexes ensure' as a user holding createIndex on "
                                        + "this database, or start once with indexCreation(true).");
            assertThat(counter.count("createIndexes")).isZero();
        }
        assertThat(database.getCollection("bare_events").listIndexes().into(new java.util.ArrayList<>())).isEmpty();
    }

    @Test
    void withEveryIndexPresentTheBuildSendsNoCreateIndexes(MongoTarget target, MongoDatabase database) {
        // Given the indexes created once by a user holding the privilege
        MongoEventStorageEngine.builder().database(database).eventCollectionName("ready_events")
                               .snapshotCollectionName("ready_snapshots").build();
        CommandCounter counter = new CommandCounter();
        try (MongoClient counted = counter.newClient(target.connectionString())) {
            MongoDatabase db = counted.getDatabase(database.getName());

            // When
            MongoEventStorageEngine engine = MongoEventStorageEngine.builder().database(db).indexCreation(false)
                                                                    .eventCollectionName("ready_events")
                                                                    .snapshotCollectionName("ready_snapshots")
                                                                    .build();

            // Then it started, listed the indexes and created none
            assertThat(engine.createHeadToken()).isNotNull();
            assertThat(counter.count("listIndexes")).isEqualTo(2);
            assertThat(counter.count("createIndexes")).isZero();
        }
    }

    @Test
    void aDifferentIndexFailsNamingTheDifferenceAndTheFix(MongoDatabase database) {
        // Given every index present, one of them hand-made without uniqueness
        database.getCollection("odd_events")
                .createIndex(new Document("lastGlobalIndex", 1), new IndexOptions().name("cairn_lastGlobalIndex"));

        // When / Then
        assertThatThrownBy(() -> MongoEventStorageEngine.builder().database(database).indexCreation(false)
                                                        .eventCollectionName("odd_events").build())
                .isInstanceOf(EventStoreException.class)
                .hasCauseInstanceOf(IndexConflictException.class)
                .hasMessageContaining("Collection [odd_events] has index [cairn_lastGlobalIndex] defined as")
                .hasMessageContaining("but Cairn needs {\"lastGlobalIndex\": 1} unique")
                .hasMessageContaining("run './cairn indexes ensure'");
    }
}
