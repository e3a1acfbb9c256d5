package dev.cairn.testing.internal;

import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.messaging.MetaData;

import java.util.ArrayList;
import java.util.List;

/**
 * The given phase of a fixture: nothing, events, or commands. Internal to Cairn.
 *
 * @param kind  what was given
 * @param items the events (payloads or messages) or commands
 */
public record Given(Kind kind, List<Object> items) {

    /**
     * What was given.
     */
    public enum Kind { NOTHING, EVENTS, COMMANDS }

    public Given {
        items = List.copyOf(items);
    }

    public static Given nothing() {
        return new Given(Kind.NOTHING, List.of());
    }

    /**
     * @return the given events as domain events of one aggregate, numbered from 0
     */
    public List<DomainEventMessage<?>> asDomainEvents(String aggregateType, String aggregateIdentifier) {
        List<DomainEventMessage<?>> messages = new ArrayList<>();
        long sequence = 0;
        for (Object item : items) {
            Object payload = item instanceof EventMessage<?> message ? message.getPayload() : item;
            MetaData metaData = item instanceof EventMessage<?> message ? message.getMetaData() : MetaData.emptyInstance();
            messages.add(new GenericDomainEventMessage<>(aggregateType, aggregateIdentifier, sequence++, payload,
                                                         metaData));
        }
        return messages;
    }

    /**
     * @return the payloads of the given events
     */
    public List<Object> eventPayloads() {
        return items.stream().map(item -> item instanceof EventMessage<?> m ? m.getPayload() : item).toList();
    }
}
