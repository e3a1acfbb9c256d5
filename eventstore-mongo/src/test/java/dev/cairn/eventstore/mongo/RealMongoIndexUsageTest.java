package dev.cairn.eventstore.mongo;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import dev.cairn.mongo.embedded.junit.EmbeddedMongoExtension;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * On a real MongoDB (set {@code CAIRN_MONGO_URI}), the engine's queries are answered from its indexes. The embedded
 * test server has no query planner, so these checks only run against a real server.
 */
@ExtendWith(EmbeddedMongoExtension.class)
@EnabledIfEnvironmentVariable(named = EmbeddedMongoExtension.MONGO_URI_VARIABLE, matches = ".+")
class RealMongoIndexUsageTest {

    private MongoDatabase database;
    private MongoEventStorageEngine engine;

    @BeforeEach
    void setUp(MongoDatabase database) {
        this.database = database;
        engine = MongoEventStorageEngine.builder().database(database).build();
        for (int i = 0; i < 20; i++) {
            engine.appendEvents(TestEvents.deposits("agg-" + i, 0, 5));
        }
    }

    @Test
    void aggregateLoadsUseTheStreamKeyIndex() {
        assertThat(winningIndex(database.getCollection("events").find(
                Filters.in("streamKeys", List.of("agg-3#0", "agg-3#1"))).explain()))
                .isEqualTo("cairn_streamKeys");
    }

    @Test
    void lastSequenceNumberUsesTheAggregateIndex() {
        assertThat(winningIndex(database.getCollection("events")
                                        .find(Filters.eq("events.aggregateIdentifier", "agg-3"))
                                        .sort(Sorts.descending("_id")).limit(1).explain()))
                .isEqualTo("cairn_aggregate");
    }

    @Test
    void streamingUsesTheGlobalIndexIndex() {
        assertThat(winningIndex(database.getCollection("events")
                                        .find(Filters.gt("lastGlobalIndex", 10L))
                                        .sort(Sorts.ascending("lastGlobalIndex")).limit(100).explain()))
                .isEqualTo("cairn_lastGlobalIndex");
    }

    @Test
    void theHeadRefreshUsesTheIdIndex() {
        // the query a node runs after a lost claim (ADR 70): point lookups of the commits above its head
        List<Long> window = java.util.stream.LongStream.rangeClosed(1, 16).boxed().toList();
        assertThat(winningIndex(database.getCollection("events").find(Filters.in("_id", window)).explain()))
                .isEqualTo("_id_");
    }

    @Test
    void theHighestStoredCommitIsReadFromTheGlobalIndexIndex() {
        // the query a refresh runs when the chain above the head runs past its window (issue 26)
        assertThat(winningIndex(database.getCollection("events").find()
                                        .sort(Sorts.descending("lastGlobalIndex")).limit(1).explain()))
                .isEqualTo("cairn_lastGlobalIndex");
    }

    @Test
    void anEventIdentifierIsUniqueAcrossCommits() {
        // given (the embedded server does not enforce a sparse unique index on a path through an array)
        String identifier = TestEvents.newId();
        org.axonframework.eventhandling.GenericDomainEventMessage<String> original =
                new org.axonframework.eventhandling.GenericDomainEventMessage<>("Account", "once", 0, "x",
                                                                               java.util.Map.of(), identifier,
                                                                               java.time.Instant.now());
        engine.appendEvents(original);

        // when another aggregate's event reuses the identifier, then it is rejected and nothing of it is stored
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> engine.appendEvents(
                new org.axonframework.eventhandling.GenericDomainEventMessage<>("Account", "twice", 0, "y",
                                                                               java.util.Map.of(), identifier,
                                                                               java.time.Instant.now())))
                                       .isInstanceOf(RuntimeException.class);
        assertThat(engine.readEvents("twice").asStream()).isEmpty();
    }

    private static String winningIndex(Document explain) {
        Document plan = explain.get("queryPlanner", Document.class).get("winningPlan", Document.class);
        while (plan != null) {
            if (plan.containsKey("indexName")) {
                return plan.getString("indexName");
            }
            plan = plan.get("inputStage", Document.class);
        }
        return "COLLSCAN";
    }
}
