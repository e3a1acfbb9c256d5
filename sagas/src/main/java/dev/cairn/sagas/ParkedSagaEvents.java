package dev.cairn.sagas;

import java.time.Instant;
import java.util.Objects;

/**
 * A saga whose handler failed on an event (ADR 51): that event and the saga's later events, which wait behind it in
 * order, while every other saga goes on. A saga {@code RETRYING} (or {@code RUNNING}, a node retrying it now) is
 * retried with backoff; one {@code PARKED} used up its attempts and waits for {@link CairnSagas#retryParked} or
 * {@link CairnSagas#dropParked}.
 *
 * @param sagaId          the saga
 * @param sagaType        its class name
 * @param processingGroup its processor
 * @param status          {@code RETRYING}, {@code RUNNING} or {@code PARKED}
 * @param attempts        how many times the first event ran and failed
 * @param events          how many events wait, the failed one included
 * @param firstEventType  the payload type of the first (failed) event
 * @param firstEventId    its message identifier
 * @param lastError       the last failure, type and message
 * @param parkedAt        when the first event failed, or, once parked, when it was parked
 * @param dueAt           when it is retried next while retrying
 */
public record ParkedSagaEvents(String sagaId, String sagaType, String processingGroup, String status, int attempts,
                               int events, String firstEventType, String firstEventId, String lastError,
                               Instant parkedAt, Instant dueAt) {

    public ParkedSagaEvents {
        Objects.requireNonNull(sagaId, "sagaId");
        Objects.requireNonNull(status, "status of saga [" + sagaId + "]");
    }

    /** @return whether the saga waits for an operator (its attempts are used up) */
    public boolean parked() {
        return "PARKED".equals(status);
    }
}
