package dev.cairn.eventstore.mongo.internal;

import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventsourcing.eventstore.EventStoreException;
import org.axonframework.serialization.Serializer;

import java.util.List;

/**
 * Turns an append into a {@link PreparedCommit}, with errors that name the event at fault.
 */
public final class Appends {

    private Appends() {
    }

    /**
     * Serializes an append and checks it for duplicates within itself.
     *
     * @throws DuplicateEventException when two events of the append share a key
     * @throws EventStoreException     naming the event whose payload or metadata could not be serialized
     */
    public static PreparedCommit prepare(List<? extends EventMessage<?>> events, Serializer serializer) {
        try {
            return CommitDocuments.prepare(events, serializer);
        } catch (CommitDocuments.SerializationFailure e) {
            throw new EventStoreException(describe(e.event()) + " could not be serialized; nothing was stored: "
                                                  + e.getCause().getMessage(), e.getCause());
        }
    }

    /**
     * @return a description of a commit naming its first event, for error messages
     */
    public static String describe(PreparedCommit commit) {
        return "The " + commit.size() + " events appended together, starting with " + describe(commit.events().get(0))
                + ",";
    }

    private static String describe(EventMessage<?> event) {
        String description = "event [" + event.getIdentifier() + "]";
        if (event instanceof DomainEventMessage<?> domainEvent && domainEvent.getAggregateIdentifier() != null) {
            description += " of aggregate [" + domainEvent.getAggregateIdentifier() + "] at sequence ["
                    + domainEvent.getSequenceNumber() + "]";
        }
        return description + " (payload " + event.getPayloadType().getName() + ")";
    }
}
