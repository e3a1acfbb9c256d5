package dev.cairn.sagas;

import java.time.Instant;
import java.util.Objects;

/**
 * A deadline whose handler failed on every attempt: kept, not fired, until {@link MongoDeadlineManager#retryParked}
 * schedules it again or it is cancelled.
 *
 * @param deadlineId   the id {@code schedule} returned
 * @param deadlineName the deadline's name
 * @param scope        the serialized scope it targets
 * @param attempts     how many times the handler ran
 * @param lastError    the last failure, type and message
 * @param parkedAt     when it was parked
 */
public record ParkedDeadline(String deadlineId, String deadlineName, String scope, int attempts, String lastError,
                             Instant parkedAt) {

    public ParkedDeadline {
        Objects.requireNonNull(deadlineId, "deadlineId");
        Objects.requireNonNull(deadlineName, "deadlineName of deadline [" + deadlineId + "]");
    }
}
