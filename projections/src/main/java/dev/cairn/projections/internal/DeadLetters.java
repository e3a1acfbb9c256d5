package dev.cairn.projections.internal;

import com.mongodb.client.MongoDatabase;
import dev.cairn.projections.MongoSequencedDeadLetterQueue;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.deadletter.SequencedDeadLetterQueue;
import org.axonframework.serialization.Serializer;

/**
 * The dead-letter queue of a projection: Cairn's Mongo queue with its builder's defaults, with the event store's
 * serializer (which resolves only allowed stored types, ADR 9).
 */
final class DeadLetters {

    private DeadLetters() {
    }

    static SequencedDeadLetterQueue<EventMessage<?>> queue(String projection, MongoDatabase database,
                                                           Serializer serializer, boolean indexCreation) {
        return MongoSequencedDeadLetterQueue.<EventMessage<?>>builder().processingGroup(projection).database(database)
                                            .serializer(serializer).indexCreation(indexCreation).build();
    }
}
