package dev.cairn.testing.internal;

import dev.cairn.testing.StoredEvent;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventEntry;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.EventStreamUtils;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.upcasting.event.EventUpcaster;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Turns events in their stored form into the messages an aggregate is sourced from, through the upcasters and the
 * serializer, as the event store does. Internal to Cairn.
 */
public final class StoredHistory {

    private StoredHistory() {
    }

    /**
     * @return the upcasted, deserialized events, as event messages in stored order
     * @throws AssertionError naming the stored event whose upcasted form does not deserialize
     */
    public static List<Object> upcast(List<StoredEvent> stored, String aggregateType, String aggregateIdentifier,
                                      Serializer serializer, EventUpcaster upcasters) {
        List<GenericDomainEventEntry<String>> entries = new ArrayList<>();
        for (int i = 0; i < stored.size(); i++) {
            StoredEvent event = stored.get(i);
            entries.add(new GenericDomainEventEntry<>(aggregateType, aggregateIdentifier, i,
                                                      UUID.randomUUID().toString(), Instant.EPOCH.plusSeconds(i),
                                                      event.payloadType(), event.revision(), event.json(), "{}"));
        }
        DomainEventStream stream = EventStreamUtils.upcastAndDeserializeDomainEvents(entries.stream(), serializer,
                                                                                   upcasters);
        List<Object> events = new ArrayList<>();
        while (stream.hasNext()) {
            DomainEventMessage<?> message = stream.next();
            StoredEvent source = stored.get((int) message.getSequenceNumber());
            try {
                events.add(new GenericEventMessage<>(message.getPayload(), message.getMetaData()));
            } catch (RuntimeException e) {
                throw new AssertionError("Stored event #" + message.getSequenceNumber() + " (type ["
                                                 + source.payloadType() + "], revision [" + source.revision()
                                                 + "]) was upcasted to type [" + message.getPayloadType().getName()
                                                 + "], which does not deserialize: " + e.getMessage(), e);
            }
        }
        return events;
    }
}
