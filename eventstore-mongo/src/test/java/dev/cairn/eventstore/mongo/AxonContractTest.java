package dev.cairn.eventstore.mongo;

import com.mongodb.client.MongoDatabase;
import dev.cairn.mongo.embedded.junit.EmbeddedMongoExtension;
import org.axonframework.eventsourcing.eventstore.BatchingEventStorageEngineTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.function.UnaryOperator;

/**
 * Axon's own contract suite for batching event storage engines, run against the Mongo engine.
 */
@ExtendWith(EmbeddedMongoExtension.class)
class AxonContractTest
        extends BatchingEventStorageEngineTest<MongoEventStorageEngine, MongoEventStorageEngine.Builder> {

    private MongoDatabase database;

    @BeforeEach
    void setUp(MongoDatabase database) {
        this.database = database;
        setTestSubject(createEngine());
    }

    @Override
    protected MongoEventStorageEngine createEngine(UnaryOperator<MongoEventStorageEngine.Builder> customization) {
        return customization.apply(MongoEventStorageEngine.builder().database(database)).build();
    }
}
