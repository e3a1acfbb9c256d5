package dev.cairn.relay.internal;

/** An event the relay cannot turn into a record; it is parked as a dead letter, its message naming the event. */
public final class UnpublishableEventException extends RuntimeException {

    public UnpublishableEventException(String message, Throwable cause) {
        super(message, cause);
    }
}
