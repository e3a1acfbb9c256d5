package dev.cairn.testing;

import org.axonframework.serialization.Serializer;

import java.util.Objects;

/**
 * An event in the form it was stored in, for {@link AggregateFixture#givenStored(StoredEvent...)}: the payload type
 * name and revision as they are in the stored document and the payload as JSON. The fixture passes it through the
 * upcasters and the serializer exactly as the event store does when it loads the aggregate, so an upcaster is tested
 * the way the aggregate meets it in production.
 *
 * @param payloadType the stored payload type name, usually an old class name
 * @param revision    the stored revision, {@code null} when the old class had no {@code @Revision}
 * @param json        the stored payload as a JSON object
 */
public record StoredEvent(String payloadType, String revision, String json) {

    public StoredEvent {
        if (payloadType == null || payloadType.isBlank()) {
            throw new IllegalArgumentException("A stored event needs its payload type name");
        }
        Objects.requireNonNull(json, () -> "The stored event of type [" + payloadType + "] needs its JSON payload");
        if (!json.strip().startsWith("{")) {
            throw new IllegalArgumentException("The stored payload of type [" + payloadType
                                                       + "] must be a JSON object, was: " + json);
        }
    }

    /**
     * @return the event stored as this JSON under this type name and revision
     */
    public static StoredEvent json(String payloadType, String revision, String json) {
        return new StoredEvent(payloadType, revision, json);
    }

    /**
     * @param oldPayload  an instance of the event's old class (kept in the tests, for instance as a nested record)
     * @param payloadType the type name the old class was stored under
     * @param revision    its stored revision, or {@code null}
     * @param serializer  the serializer that wrote it
     * @return the event as that serializer stored it, under the old type name
     */
    public static StoredEvent of(Object oldPayload, String payloadType, String revision, Serializer serializer) {
        Objects.requireNonNull(oldPayload, "oldPayload must not be null");
        Objects.requireNonNull(serializer, "serializer must not be null");
        return new StoredEvent(payloadType, revision, serializer.serialize(oldPayload, String.class).getData());
    }
}
