package dev.cairn.eventstore.mongo;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.IndexOptions;
import dev.cairn.mongo.embedded.junit.EmbeddedMongoExtension;
import org.axonframework.eventsourcing.eventstore.EventStoreException;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Property 7: indexes are created at start-up, idempotently; a conflicting definition stops start-up.
 */
@ExtendWith(EmbeddedMongoExtension.class)
class IndexesTest {

    private MongoDatabase database;

    @AfterEach
    void restoreIndexes() {
        // other tests of this class rely on Cairn's own definitions
        if (database != null) {
            database.getCollection("conflicting").drop();
        }
    }

    @Test
    void startingTwiceKeepsOneSetOfIndexes(MongoDatabase database) {
        // given / when
        MongoEventStorageEngine.builder().database(database).build();
        MongoEventStorageEngine.builder().database(database).build();

        // then
        List<String> names = database.getCollection("events").listIndexes().map(i -> i.getString("name"))
                                     .into(new ArrayList<>());
        assertThat(names).containsExactlyInAnyOrder("_id_", "cairn_lastGlobalIndex", "cairn_streamKeys",
                                                    "cairn_eventIdentifier", "cairn_aggregate", "cairn_timestamp",
                                                    "cairn_idempotencyClaim");
        Document streamKeys = database.getCollection("events").listIndexes().into(new ArrayList<>()).stream()
                                      .filter(i -> i.getString("name").equals("cairn_streamKeys"))
                                      .findFirst().orElseThrow();
        assertThat(streamKeys.getBoolean("unique")).isTrue();
    }

    @Test
    void anIndexWithCairnsNameButAnotherDefinitionStopsStartUp(MongoDatabase database) {
        // given a hand-made, non-unique index under Cairn's name in a fresh collection
        this.database = database;
        database.getCollection("conflicting")
                .createIndex(new Document("streamKeys", 1), new IndexOptions().name("cairn_streamKeys"));

        // when / then
        assertThatThrownBy(() -> MongoEventStorageEngine.builder().database(database)
                                                        .eventCollectionName("conflicting").build())
                .isInstanceOf(EventStoreException.class)
                .hasMessageContaining("[conflicting]")
                .hasMessageContaining("cairn_streamKeys")
                .hasMessageContaining("dropIndex(\"cairn_streamKeys\")");
    }
}
