package dev.cairn.projections.deadletter;

import com.mongodb.client.MongoDatabase;
import dev.cairn.mongo.embedded.junit.EmbeddedMongoExtension;
import dev.cairn.projections.MongoSequencedDeadLetterQueue;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.deadletter.DeadLetteringEventIntegrationTest;
import org.axonframework.messaging.deadletter.SequencedDeadLetterQueue;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Axon's integration suite: a pooled streaming processor whose dead-lettering invoker uses
 * {@link MongoSequencedDeadLetterQueue}, with Cairn's default serializer. Every test of the suite runs.
 */
@ExtendWith(EmbeddedMongoExtension.class)
class MongoDeadLetteringEventIntegrationTest extends DeadLetteringEventIntegrationTest {

    private static MongoDatabase database;

    @BeforeAll
    static void connect(MongoDatabase mongoDatabase) {
        database = mongoDatabase;
    }

    @Override
    protected SequencedDeadLetterQueue<EventMessage<?>> buildDeadLetterQueue() {
        return MongoSequencedDeadLetterQueue.<EventMessage<?>>builder()
                                            .processingGroup(PROCESSING_GROUP)
                                            .database(database)
                                            .build();
    }
}
