package dev.cairn.aggregates;

/**
 * A command was sent with an idempotency key that was first used for another command (ADR 74): another type, target
 * aggregate or payload. Nothing was executed; as payment APIs do, a key names one command, so send the new command
 * under a new key. An identical repeat of the first command still gets its outcome.
 */
public class IdempotencyKeyReusedException extends IllegalArgumentException {

    private final String idempotencyKey;

    public IdempotencyKeyReusedException(String idempotencyKey, String firstCommand, String thisCommand) {
        super("Idempotency key [" + idempotencyKey + "] was first used for command " + firstCommand
                      + " and cannot be reused for command " + thisCommand + "; nothing was executed. Send a new "
                      + "command under a new key.");
        this.idempotencyKey = idempotencyKey;
    }

    /**
     * @return the key that was reused
     */
    public String idempotencyKey() {
        return idempotencyKey;
    }
}
