package dev.cairn.eventstore.mongo.internal;

import com.mongodb.MongoException;
import org.axonframework.eventhandling.EventMessage;

import java.util.Optional;

/**
 * The server rejected one commit document of a round, with the given error code (the rest of the round is unaffected).
 * Nothing of the commit was stored.
 */
public final class RejectedCommitException extends MongoException {

    private final transient EventMessage<?> conflictingEvent;

    RejectedCommitException(int code, String message, Throwable cause) {
        this(code, message, cause, null);
    }

    private RejectedCommitException(int code, String message, Throwable cause, EventMessage<?> conflictingEvent) {
        super(code, message, cause);
        this.conflictingEvent = conflictingEvent;
    }

    /**
     * @return the same rejection, naming the event of the commit whose stream key or identifier was already stored
     */
    RejectedCommitException conflictingOn(EventMessage<?> event) {
        return new RejectedCommitException(getCode(), getMessage(), getCause(), event);
    }

    /**
     * @return the event whose stream key or identifier was already stored, when the committer looked it up
     */
    public Optional<EventMessage<?>> conflictingEvent() {
        return Optional.ofNullable(conflictingEvent);
    }
}
