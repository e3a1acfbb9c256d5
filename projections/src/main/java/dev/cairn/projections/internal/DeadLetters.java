package dev.cairn.projections.internal;

import com.mongodb.client.MongoDatabase;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.deadletter.SequencedDeadLetterQueue;
import org.axonframework.serialization.Serializer;

/**
 * The dead-letter queue of a projection.
 */
final class DeadLetters {

    private DeadLetters() {
    }

    static SequencedDeadLetterQueue<EventMessage<?>> queue(String projection, MongoDatabase database,
                                                           Serializer serializer) {
        throw new UnsupportedOperationException("dead letters arrive with MongoSequencedDeadLetterQueue");
    }
}
