package dev.cairn.testing.internal;

import dev.cairn.eventstore.mongo.AllowedTypes;
import dev.cairn.testing.StoredEvent;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventEntry;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventsourcing.EventStreamUtils;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.serialization.Converter;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.SerializedType;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.upcasting.event.EventUpcaster;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Turns events in their stored form into the messages an aggregate is sourced from, through the upcasters and the
 * serializer, as the event store does: an upcasted type name outside the allowed stored types fails, as the
 * application would read it as {@code UnknownSerializedType}. Internal to Cairn.
 */
public final class StoredHistory {

    private StoredHistory() {
    }

    /**
     * @return the upcasted, deserialized events, as event messages in stored order
     * @throws AssertionError naming the stored event whose upcasted form does not deserialize or names a type outside
     *                        {@code allowed}
     */
    public static List<Object> upcast(List<StoredEvent> stored, String aggregateType, String aggregateIdentifier,
                                      Serializer serializer, EventUpcaster upcasters, AllowedTypes allowed) {
        List<GenericDomainEventEntry<String>> entries = new ArrayList<>();
        for (int i = 0; i < stored.size(); i++) {
            StoredEvent event = stored.get(i);
            entries.add(new GenericDomainEventEntry<>(aggregateType, aggregateIdentifier, i,
                                                      UUID.randomUUID().toString(), Instant.EPOCH.plusSeconds(i),
                                                      event.payloadType(), event.revision(), event.json(), "{}"));
        }
        DomainEventStream stream = EventStreamUtils.upcastAndDeserializeDomainEvents(
                entries.stream(), new AllowedOnly(serializer, allowed), upcasters);
        List<Object> events = new ArrayList<>();
        try {
            while (stream.hasNext()) {
                DomainEventMessage<?> message = stream.next();
                try {
                    events.add(new GenericEventMessage<>(message.getPayload(), message.getMetaData()));
                } catch (NotAllowedException e) {
                    throw e;
                } catch (RuntimeException e) {
                    throw new AssertionError(describe(stored.get((int) message.getSequenceNumber()),
                                                      message.getSequenceNumber())
                                                     + " was upcasted to type [" + message.getPayloadType().getName()
                                                     + "], which does not deserialize: " + e.getMessage(), e);
                }
            }
        } catch (NotAllowedException e) {
            throw new AssertionError(source(stored, e.typeName) + " was upcasted to type [" + e.typeName
                                             + "], which is outside the allowed stored types: the application reads "
                                             + "it as UnknownSerializedType. Allow its package with "
                                             + "allowStoredTypes(...) on the fixture and the application.", e);
        }
        return events;
    }

    /**
     * @return the first stored event of that type (upcasters keep most names), or a phrase naming none
     */
    private static String source(List<StoredEvent> stored, String typeName) {
        for (int i = 0; i < stored.size(); i++) {
            if (stored.get(i).payloadType().equals(typeName)) {
                return describe(stored.get(i), i);
            }
        }
        return "A stored event";
    }

    private static String describe(StoredEvent event, long index) {
        return "Stored event #" + index + " (type [" + event.payloadType() + "], revision [" + event.revision() + "])";
    }

    private static final class NotAllowedException extends IllegalStateException {

        private final String typeName;

        private NotAllowedException(String typeName) {
            super("type [" + typeName + "] is outside the allowed stored types");
            this.typeName = typeName;
        }
    }

    /**
     * The serializer, refusing to resolve a type name outside the allowed ones (without loading its class), as the
     * event store's engine does.
     */
    private record AllowedOnly(Serializer delegate, AllowedTypes allowed) implements Serializer {

        @Override
        public <T> SerializedObject<T> serialize(Object object, Class<T> expectedRepresentation) {
            return delegate.serialize(object, expectedRepresentation);
        }

        @Override
        public <T> boolean canSerializeTo(Class<T> expectedRepresentation) {
            return delegate.canSerializeTo(expectedRepresentation);
        }

        @Override
        public <S, T> T deserialize(SerializedObject<S> serializedObject) {
            requireAllowed(serializedObject.getType());
            return delegate.deserialize(serializedObject);
        }

        @Override
        @SuppressWarnings("rawtypes")
        public Class classForType(SerializedType type) {
            requireAllowed(type);
            return delegate.classForType(type);
        }

        @Override
        public SerializedType typeForClass(Class type) {
            return delegate.typeForClass(type);
        }

        @Override
        public Converter getConverter() {
            return delegate.getConverter();
        }

        private void requireAllowed(SerializedType type) {
            // the empty type (a null payload) is always readable, as in the engine
            if (!SimpleSerializedType.emptyType().getName().equals(type.getName()) && !allowed.allows(type.getName())) {
                throw new NotAllowedException(type.getName());
            }
        }
    }
}
