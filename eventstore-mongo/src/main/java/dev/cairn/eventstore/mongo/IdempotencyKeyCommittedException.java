package dev.cairn.eventstore.mongo;

import org.axonframework.eventsourcing.eventstore.EventStoreException;

/**
 * An append carrying an idempotency key was refused because another commit with the same use of that key is already
 * stored (ADR 74): the command ran twice only because its first send's node paused past its lease, and the first
 * commit to land is the command's outcome. Nothing of this append was stored.
 * <p>
 * {@link #result()} is the outcome that did land: the result the landed command returned, which every repeat of the
 * key returns too.
 */
public class IdempotencyKeyCommittedException extends EventStoreException {

    private final transient CommitKey landed;
    private final transient Object result;

    /**
     * @param landed the key as the commit that landed stores it
     * @param result that commit's result, deserialized; {@code null} when the command returned {@code null}
     */
    public IdempotencyKeyCommittedException(CommitKey landed, Object result) {
        super("The command with idempotency key [" + landed.key() + "] was executed by another send of that key, "
                      + "whose commit landed first (this send's node paused past its lease); nothing of this send "
                      + "was stored. The outcome that landed: " + (landed.nullResult() ? "a null result"
                : "a result of type [" + landed.resultType() + "]"));
        this.landed = landed;
        this.result = result;
    }

    /**
     * @return the idempotency key
     */
    public String key() {
        return landed.key();
    }

    /**
     * @return the key as the commit that landed stores it, with its serialized result
     */
    public CommitKey landed() {
        return landed;
    }

    /**
     * @return the result of the command whose commit landed ({@code null} when it returned {@code null})
     */
    public Object result() {
        return result;
    }
}
