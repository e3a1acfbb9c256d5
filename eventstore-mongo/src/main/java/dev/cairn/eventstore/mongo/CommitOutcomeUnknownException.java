package dev.cairn.eventstore.mongo;

import org.axonframework.eventsourcing.eventstore.EventStoreException;

/**
 * The engine cannot know whether an append was stored: the connection dropped after the insert was sent, the server
 * did not answer in time, or the write concern was not satisfied (ADR 74). The commit may be stored, or may still be
 * stored by an insert in flight; it is never stored twice.
 * <p>
 * This is not a failure of the command: a caller that sent it with an idempotency key retries with the <em>same</em>
 * key, and the repeat learns what happened (it finds the commit, or runs the command once).
 */
public class CommitOutcomeUnknownException extends EventStoreException {

    public CommitOutcomeUnknownException(String message, Throwable cause) {
        super(message, cause);
    }
}
