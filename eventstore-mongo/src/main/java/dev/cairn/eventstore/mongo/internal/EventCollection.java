package dev.cairn.eventstore.mongo.internal;

import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventsourcing.eventstore.EventStoreException;
import org.axonframework.serialization.Serializer;
import org.bson.BsonDocument;
import org.bson.BsonInt32;

import java.util.List;

import static dev.cairn.eventstore.mongo.internal.CommitDocuments.*;

/**
 * What the engine needs of the event collection besides reads and writes: its indexes, and commits prepared with
 * errors that name the event at fault.
 */
public final class EventCollection {

    /**
     * The indexes of the event collection ({@code _id}, the first global index of a commit, comes with it):
     * <ul>
     *     <li>{@code cairn_lastGlobalIndex}: streaming in global order, and finding late commits in gaps;</li>
     *     <li>{@code cairn_streamKeys}: unique per {@code aggregateIdentifier#sequenceNumber}, the optimistic lock,
     *     and point lookups when loading an aggregate;</li>
     *     <li>{@code cairn_eventIdentifier}: unique event identifiers;</li>
     *     <li>{@code cairn_aggregate}: the latest commit of an aggregate ({@code lastSequenceNumberFor});</li>
     *     <li>{@code cairn_timestamp}: tokens at a point in time.</li>
     * </ul>
     */
    public static final List<Indexes.Spec> INDEXES = List.of(
            Indexes.Spec.ascending("cairn_lastGlobalIndex", LAST_GLOBAL_INDEX, true, false),
            Indexes.Spec.ascending("cairn_streamKeys", STREAM_KEYS, true, true),
            Indexes.Spec.ascending("cairn_eventIdentifier", EVENTS + "." + EVENT_IDENTIFIER, true, true),
            new Indexes.Spec("cairn_aggregate",
                             new BsonDocument(EVENTS + "." + AGGREGATE_IDENTIFIER, new BsonInt32(1))
                                     .append(ID, new BsonInt32(-1)), false, false),
            Indexes.Spec.ascending("cairn_timestamp", TIMESTAMP, false, false));

    private EventCollection() {
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
