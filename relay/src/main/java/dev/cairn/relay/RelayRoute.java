package dev.cairn.relay;

import org.axonframework.eventhandling.EventMessage;

import java.util.function.Predicate;

/**
 * One rule of a {@link KafkaRelay}: the events it selects go to {@code topic}. Routes are tried in the order they were
 * added; the first that selects an event decides its topic, and an event no route selects is not published.
 *
 * @param description what the route selects, for status and errors (a payload type's name, or the predicate's label)
 * @param selects     whether an event goes through this route
 * @param topic       the Kafka topic of the events it selects
 */
public record RelayRoute(String description, Predicate<EventMessage<?>> selects, String topic) {

    public RelayRoute {
        if (description == null || description.isBlank() || selects == null || topic == null || topic.isBlank()) {
            throw new IllegalArgumentException("A relay route needs a description, a predicate and a topic, not ["
                                                       + description + ", " + selects + ", " + topic + "]");
        }
    }

    /** @return the route of events whose payload is a {@code payloadType} (or a subtype) */
    public static RelayRoute of(Class<?> payloadType, String topic) {
        return new RelayRoute(payloadType.getName(), event -> payloadType.isAssignableFrom(event.getPayloadType()),
                              topic);
    }
}
