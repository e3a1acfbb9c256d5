package dev.cairn.sagas.internal;

import dev.cairn.aggregates.IdempotencyKeyInProgressException;

import java.time.Duration;
import java.time.Instant;

/**
 * A failure caused by a command whose idempotency key another send still holds: that send's lease ends within
 * seconds (and its outcome is then settled), so the failure is a wait, not a fault of the handler that sent it.
 * Deadlines retry such a failure without counting an attempt, for at most {@link #LIMIT} after the time they fell
 * due, and so do failed saga events (ADR 51) after their first failure; after that it counts as any other failure (a
 * key held that long is not a lease about to end).
 */
public final class KeyInProgress {

    /** How long after its due time a deadline keeps waiting for a key in progress: the keys' default retention. */
    public static final Duration LIMIT = Duration.ofHours(24);

    private KeyInProgress() {
    }

    /** @return whether {@code failure} or one of its causes is an {@link IdempotencyKeyInProgressException} */
    public static boolean causedBy(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof IdempotencyKeyInProgressException) {
                return true;
            }
            if (cause.getCause() == cause) {
                return false;
            }
        }
        return false;
    }

    /**
     * @param dueAt when the deadline first fell due (its message's timestamp)
     * @return whether a deadline that failed with {@code failure} at {@code now} waits for the key instead of failing
     */
    public static boolean waitFor(Throwable failure, Instant dueAt, Instant now) {
        return causedBy(failure) && !now.isAfter(dueAt.plus(LIMIT));
    }

    /**
     * @return the wait before the next try: the time waited so far since the due time (so waits roughly double), at
     * least {@code first} and at most {@code max}
     */
    public static Duration backoff(Instant dueAt, Instant now, Duration first, Duration max) {
        Duration waited = Duration.between(dueAt, now);
        if (waited.compareTo(first) < 0) {
            return first;
        }
        return waited.compareTo(max) > 0 ? max : waited;
    }
}
