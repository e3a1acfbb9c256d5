package dev.cairn.testing.internal;

import dev.cairn.aggregates.EventTypeCheck;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The checks the Cairn fixture adds to Axon's: serialization round trip of events, snapshot round trip of aggregate
 * state, and immutability of event types. Each failure is an {@link AssertionError} naming class and field. Internal
 * to Cairn.
 */
public final class RoundTripChecks {

    private RoundTripChecks() {
    }

    /**
     * @throws AssertionError when the event does not come back equal from the serializer
     */
    public static void eventSurvivesSerialization(Object event, Serializer serializer) {
        Object after;
        try {
            after = roundTrip(event, serializer);
        } catch (RuntimeException e) {
            throw new AssertionError("Event " + event.getClass().getName() + " does not survive serialization with "
                                             + serializer.getClass().getSimpleName() + ": " + e.getMessage(), e);
        }
        Optional<Differences.Difference> difference = Differences.between(event, after);
        difference.ifPresent(d -> {
            throw new AssertionError("Event " + event.getClass().getName() + " does not survive serialization: "
                                             + d.describe() + ". Make the field visible to Jackson and readable "
                                             + "from the JSON (a record component, or a final field set by the "
                                             + "constructor).");
        });
    }

    /**
     * Compares an event as the aggregate published it with the event read back from storage.
     *
     * @throws AssertionError naming event class and field when they differ
     */
    public static void storedEventMatches(Object published, Object stored) {
        Differences.between(published, stored).ifPresent(d -> {
            throw new AssertionError("Event " + published.getClass().getName() + " did not survive storage in "
                                             + "MongoDB: " + d.describe());
        });
    }

    /**
     * @throws AssertionError when the aggregate's state does not survive the snapshot serializer field by field
     */
    public static void aggregateSurvivesSnapshot(Object aggregate, Serializer snapshotSerializer) {
        String name = aggregate.getClass().getName();
        Object after;
        try {
            after = roundTrip(aggregate, snapshotSerializer);
        } catch (RuntimeException e) {
            throw new AssertionError("Aggregate " + name + " cannot be snapshotted: the snapshot serializer ("
                                             + snapshotSerializer.getClass().getSimpleName()
                                             + ") fails on it: " + e.getMessage(), e);
        }
        Differences.between(aggregate, after).ifPresent(d -> {
            throw new AssertionError("Aggregate " + name + " cannot be snapshotted: " + d.describe()
                                             + " a round trip through the snapshot serializer. Loading it from a "
                                             + "snapshot would give different state than replaying its events.");
        });
    }

    /**
     * @throws AssertionError listing the fields that make the event's type mutable
     */
    public static void eventTypeIsImmutable(Class<?> eventType, Class<?> aggregateType) {
        List<EventTypeCheck.Violation> violations = EventTypeCheck.violations(eventType, aggregateType);
        if (!violations.isEmpty()) {
            throw new AssertionError("Event types must be immutable: a record, or a class whose fields are all "
                                             + "final. Offending:\n  - "
                                             + violations.stream().map(EventTypeCheck.Violation::describe)
                                                         .collect(Collectors.joining("\n  - ")));
        }
    }

    private static Object roundTrip(Object value, Serializer serializer) {
        SerializedObject<byte[]> serialized = serializer.serialize(value, byte[].class);
        return serializer.deserialize(serialized);
    }
}
