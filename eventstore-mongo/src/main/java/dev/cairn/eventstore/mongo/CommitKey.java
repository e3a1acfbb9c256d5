package dev.cairn.eventstore.mongo;

/**
 * The idempotency key a commit carries, stored in the commit document itself so that the key and the command's
 * events are written by one insert (ADR 74): whoever finds the commit by its {@link #claim()} knows that the command
 * ran and what it returned.
 * <p>
 * The {@code claim} identifies one use of the key (a key remembered again after its retention ends gets a new claim),
 * and is unique in the event store: a second commit with the same claim is refused, so a command whose node paused
 * past its lease can never land a second time beside the commit of the send that took over.
 *
 * @param key            the idempotency key the command was sent with
 * @param claim          the identifier of this use of the key; unique among all commits
 * @param resultType     the serialized type of the command's result, {@code null} for a {@code null} result
 * @param resultRevision its revision, or {@code null}
 * @param result         the result serialized by the event serializer, {@code null} for a {@code null} result
 */
public record CommitKey(String key, String claim, String resultType, String resultRevision, String result) {

    public CommitKey {
        if (key == null || key.isBlank()) {
            throw new IllegalArgumentException("The idempotency key of a commit may not be null or blank");
        }
        if (claim == null || claim.isBlank()) {
            throw new IllegalArgumentException("The claim of idempotency key [" + key + "] may not be null or blank");
        }
        if (resultType == null && (resultRevision != null || result != null)) {
            throw new IllegalArgumentException("The result of idempotency key [" + key + "] has no type");
        }
        if (resultType != null && result == null) {
            throw new IllegalArgumentException("The result of idempotency key [" + key + "] has a type ["
                                                       + resultType + "] but no data");
        }
    }

    /**
     * @return whether the command returned {@code null}
     */
    public boolean nullResult() {
        return resultType == null;
    }
}
