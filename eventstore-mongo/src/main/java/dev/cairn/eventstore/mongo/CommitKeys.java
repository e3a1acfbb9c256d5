package dev.cairn.eventstore.mongo;

import org.axonframework.eventhandling.EventMessage;

import java.util.List;
import java.util.Optional;

/**
 * Tells the engine which idempotency key an append carries (ADR 74). The engine asks once per append, on the thread
 * that appends, with the append's events in order; the answer is stored in the commit document.
 * <p>
 * Cairn's aggregates module provides the implementation that follows idempotent commands to their events; the default,
 * {@link #none()}, stores no key.
 */
@FunctionalInterface
public interface CommitKeys {

    /**
     * @param events the events of one append, in order; never empty
     * @return the key the append carries, or empty
     */
    Optional<CommitKey> keyOf(List<? extends EventMessage<?>> events);

    /**
     * @return no append carries a key
     */
    static CommitKeys none() {
        return events -> Optional.empty();
    }
}
