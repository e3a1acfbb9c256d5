package dev.cairn.eventstore.mongo.internal;

import org.axonframework.eventhandling.DomainEventData;
import org.axonframework.eventhandling.TrackedDomainEventData;
import org.axonframework.eventhandling.TrackedEventData;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.serialization.SerializedObject;

import java.time.Instant;

/**
 * One event as read from a commit document (or a snapshot), still serialized.
 *
 * @param globalIndex         position in the global stream ({@code 0} for snapshots)
 * @param aggregateIdentifier {@code null} for events published outside an aggregate
 */
public record StoredEvent(long globalIndex,
                          String eventIdentifier,
                          String aggregateType,
                          String aggregateIdentifier,
                          long sequenceNumber,
                          Instant timestamp,
                          SerializedObject<?> payload,
                          SerializedObject<?> metaData) implements DomainEventData<Object> {

    /**
     * @return whether the event belongs to an aggregate stream
     */
    public boolean isDomainEvent() {
        return aggregateIdentifier != null;
    }

    /**
     * @return this event with its tracking token; a plain (non-domain) event is not presented as a domain event
     */
    public TrackedEventData<?> tracked(TrackingToken token) {
        return isDomainEvent() ? new TrackedDomainEventData<>(token, this) : new Tracked(token, this);
    }

    @Override
    public String getType() {
        return aggregateType;
    }

    @Override
    public String getAggregateIdentifier() {
        return aggregateIdentifier;
    }

    @Override
    public long getSequenceNumber() {
        return sequenceNumber;
    }

    @Override
    public String getEventIdentifier() {
        return eventIdentifier;
    }

    @Override
    public Instant getTimestamp() {
        return timestamp;
    }

    @Override
    @SuppressWarnings("unchecked")
    public SerializedObject<Object> getMetaData() {
        return (SerializedObject<Object>) metaData;
    }

    @Override
    @SuppressWarnings("unchecked")
    public SerializedObject<Object> getPayload() {
        return (SerializedObject<Object>) payload;
    }

    private record Tracked(TrackingToken trackingToken, StoredEvent event) implements TrackedEventData<Object> {

        @Override
        public String getEventIdentifier() {
            return event.eventIdentifier;
        }

        @Override
        public Instant getTimestamp() {
            return event.timestamp;
        }

        @Override
        public SerializedObject<Object> getMetaData() {
            return event.getMetaData();
        }

        @Override
        public SerializedObject<Object> getPayload() {
            return event.getPayload();
        }
    }
}
