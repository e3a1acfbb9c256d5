package dev.cairn.projections.internal;

import com.mongodb.client.MongoDatabase;
import dev.cairn.projections.internal.deadletter.LetterQueue;
import dev.cairn.projections.internal.deadletter.QueueSettings;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.deadletter.SequencedDeadLetterQueue;
import org.axonframework.serialization.Serializer;

/**
 * The dead-letter queue of a projection: Cairn's Mongo queue with its defaults, with the event store's serializer
 * (which resolves only allowed stored types, ADR 9).
 */
final class DeadLetters {

    private DeadLetters() {
    }

    static SequencedDeadLetterQueue<EventMessage<?>> queue(String projection, MongoDatabase database,
                                                           Serializer serializer, boolean indexCreation) {
        return new LetterQueue<>(QueueSettings.defaults(projection, database, serializer, indexCreation));
    }
}
