package dev.cairn.aggregates;

import java.time.Duration;

/**
 * A command carrying an idempotency key whose first execution had not finished within the wait timeout. The command
 * was not executed; retry later with the same key to get the first execution's outcome.
 */
public class IdempotencyKeyInProgressException extends RuntimeException {

    private final String idempotencyKey;

    public IdempotencyKeyInProgressException(String idempotencyKey, String commandName, Duration waited) {
        super("Command [" + commandName + "] with idempotency key [" + idempotencyKey + "] is still being executed "
                      + "by a first send after waiting " + waited + "; it was not executed again. Retry later with "
                      + "the same key to get its outcome.");
        this.idempotencyKey = idempotencyKey;
    }

    /**
     * @return the key of the command
     */
    public String idempotencyKey() {
        return idempotencyKey;
    }
}
