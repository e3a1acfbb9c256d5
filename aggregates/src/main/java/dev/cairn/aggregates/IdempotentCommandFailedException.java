package dev.cairn.aggregates;

/**
 * The failure of a command's first execution, replayed to a repeat with the same idempotency key, when the original
 * exception type cannot be re-created: it has no public {@code (String)} or {@code (String, Throwable)} constructor,
 * is not on the class path, or is outside the allowed stored types. It carries the original type name
 * ({@link #failureType()}) and message.
 */
public class IdempotentCommandFailedException extends RuntimeException {

    private final String idempotencyKey;
    private final String failureType;

    public IdempotentCommandFailedException(String idempotencyKey, String failureType, String failureMessage) {
        super("The first execution of the command with idempotency key [" + idempotencyKey + "] failed with "
                      + failureType + ": " + failureMessage);
        this.idempotencyKey = idempotencyKey;
        this.failureType = failureType;
    }

    /**
     * @return the key of the command
     */
    public String idempotencyKey() {
        return idempotencyKey;
    }

    /**
     * @return the class name of the original exception
     */
    public String failureType() {
        return failureType;
    }
}
