package dev.cairn.eventstore.mongo.internal;

import org.axonframework.eventhandling.EventMessage;

/**
 * One append names the same aggregate sequence number or event identifier twice. A unique index cannot see
 * duplicates inside a single document, so the engine checks them itself and reports them like a duplicate key.
 */
public final class DuplicateEventException extends RuntimeException {

    private final transient EventMessage<?> failedEvent;

    public DuplicateEventException(String message, EventMessage<?> failedEvent) {
        super(message);
        this.failedEvent = failedEvent;
    }

    /**
     * @return the second event carrying the duplicate key
     */
    public EventMessage<?> failedEvent() {
        return failedEvent;
    }
}
