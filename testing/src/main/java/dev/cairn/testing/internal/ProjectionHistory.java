package dev.cairn.testing.internal;

import dev.cairn.testing.StoredEvent;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.EventUtils;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.GenericDomainEventEntry;
import org.axonframework.eventhandling.TrackedDomainEventData;
import org.axonframework.eventhandling.TrackedEventData;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.messaging.MetaData;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.axonframework.serialization.UnknownSerializedType;
import org.axonframework.serialization.upcasting.event.EventUpcaster;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The given events of a projection fixture, turned into what a processor reads from the event store: each is stored
 * (serialized, or taken in its stored form), then passed through the upcasters and deserialized, at consecutive
 * global positions. Internal to Cairn.
 */
public final class ProjectionHistory {

    private final List<Entry> entries = new ArrayList<>();
    private final Map<String, Long> nextSequence = new HashMap<>();

    /**
     * Adds an event of an aggregate (a payload or an event message), with that aggregate's next sequence number.
     */
    public void add(String aggregateType, String aggregateIdentifier, Object event) {
        entries.add(live(aggregateType, aggregateIdentifier, nextSequence(aggregateIdentifier), event));
    }

    /**
     * Adds an event published outside an aggregate (a payload or an event message).
     */
    public void add(Object event) {
        entries.add(live(null, null, 0, event));
    }

    /**
     * Adds an event of an aggregate in its stored form, with that aggregate's next sequence number.
     */
    public void addStored(String aggregateType, String aggregateIdentifier, StoredEvent event) {
        SerializedObject<String> payload = new SimpleSerializedObject<>(event.json(), String.class,
                                                                        event.payloadType(), event.revision());
        entries.add(new Entry(aggregateType, aggregateIdentifier, nextSequence(aggregateIdentifier),
                              UUID.randomUUID().toString(), Instant.now(), null, MetaData.emptyInstance(), payload));
    }

    /**
     * @return the events as the processor reads them: upcast, deserialized, tracked at positions 1, 2, 3...
     * @throws AssertionError naming the given event that does not serialize, or whose stored form does not read
     *                        back as a known class
     */
    public List<TrackedEventMessage<?>> read(Serializer serializer, EventUpcaster upcasters) {
        List<TrackedEventData<?>> stored = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            Entry entry = entries.get(i);
            try {
                stored.add(entry.stored(GapAwareTrackingToken.newInstance(i + 1L, List.of()), serializer));
            } catch (RuntimeException e) {
                throw new AssertionError(entry.describe() + " does not serialize: " + e.getMessage(), e);
            }
        }
        List<TrackedEventMessage<?>> read = EventUtils.upcastAndDeserializeTrackedEvents(stored.stream(), serializer,
                                                                                       upcasters)
                                                      .collect(Collectors.toList());
        read.forEach(message -> readPayload(message));
        return read;
    }

    private void readPayload(TrackedEventMessage<?> message) {
        Entry source = entries.get((int) message.trackingToken().position().orElseThrow() - 1);
        Object payload;
        try {
            payload = message.getPayload();
        } catch (RuntimeException e) {
            throw new AssertionError(source.describe() + " was read back as type ["
                                             + message.getPayloadType().getName() + "], which does not "
                                             + "deserialize: " + e.getMessage(), e);
        }
        if (payload instanceof UnknownSerializedType unknown) {
            throw new AssertionError(source.describe() + " was read back as type ["
                                             + unknown.serializedType().getName() + "], revision ["
                                             + unknown.serializedType().getRevision() + "], which names no class: "
                                             + "add the upcaster that moves it to the current class");
        }
    }

    private long nextSequence(String aggregateIdentifier) {
        return nextSequence.merge(aggregateIdentifier, 1L, Long::sum) - 1;
    }

    private static Entry live(String aggregateType, String aggregateIdentifier, long sequence, Object event) {
        if (event instanceof EventMessage<?> message) {
            return new Entry(aggregateType, aggregateIdentifier, sequence, message.getIdentifier(),
                             message.getTimestamp(), message.getPayload(), message.getMetaData(), null);
        }
        return new Entry(aggregateType, aggregateIdentifier, sequence, UUID.randomUUID().toString(), Instant.now(),
                         event, MetaData.emptyInstance(), null);
    }

    /**
     * One given event: a live payload to serialize, or a stored form ({@code storedPayload}) taken as it is.
     */
    private record Entry(String aggregateType, String aggregateIdentifier, long sequence, String eventIdentifier,
                         Instant timestamp, Object payload, MetaData metaData,
                         SerializedObject<String> storedPayload) {

        TrackedEventData<?> stored(TrackingToken token, Serializer serializer) {
            SerializedObject<String> serialized = storedPayload != null ? storedPayload
                    : serializer.serialize(payload, String.class);
            String metaDataJson = serializer.serialize(metaData, String.class).getData();
            if (aggregateIdentifier == null) {
                return new PlainEvent(token, eventIdentifier, timestamp, serialized,
                                      new SimpleSerializedObject<>(metaDataJson, String.class,
                                                                   MetaData.class.getName(), null));
            }
            return new TrackedDomainEventData<>(token, new GenericDomainEventEntry<>(
                    aggregateType, aggregateIdentifier, sequence, eventIdentifier, timestamp,
                    serialized.getType().getName(), serialized.getType().getRevision(), serialized.getData(),
                    metaDataJson));
        }

        String describe() {
            String type = storedPayload != null ? storedPayload.getType().getName() : payload.getClass().getName();
            String revision = storedPayload != null ? storedPayload.getType().getRevision() : null;
            return "Given event " + (aggregateIdentifier == null ? "" : "#" + sequence + " of aggregate ["
                    + aggregateIdentifier + "] ") + "(type [" + type + "]"
                    + (storedPayload != null ? ", revision [" + revision + "]" : "") + ")";
        }
    }

    /**
     * An event published outside an aggregate, as stored: not presented as a domain event.
     */
    private record PlainEvent(TrackingToken trackingToken, String eventIdentifier, Instant timestamp,
                              SerializedObject<String> payload, SerializedObject<String> metaData)
            implements TrackedEventData<String> {

        @Override
        public String getEventIdentifier() {
            return eventIdentifier;
        }

        @Override
        public Instant getTimestamp() {
            return timestamp;
        }

        @Override
        public SerializedObject<String> getMetaData() {
            return metaData;
        }

        @Override
        public SerializedObject<String> getPayload() {
            return payload;
        }
    }
}
