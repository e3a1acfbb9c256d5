package dev.cairn.sagas.internal;

import dev.cairn.processing.LeaseClock;

import java.time.Clock;
import java.time.Duration;

/**
 * How failed saga events are retried (ADR 51), as plain values; {@code CairnSagas.Builder} states the defaults.
 *
 * @param maxAttempts  how many times a saga's first waiting event runs (the failed delivery included) before the saga
 *                     is parked for an operator
 * @param firstBackoff the wait before the first retry, doubled before each next one up to {@code maxBackoff}
 * @param pollInterval how often a node looks for sagas due for a retry
 * @param lease        how long a node holds a saga's retry without renewing it (renewed after each event)
 * @param nodeId       the owner this node's leases name
 * @param clock        due times; leases are judged on {@code leaseClock}
 */
public record SagaRetrySettings(int maxAttempts, Duration firstBackoff, Duration maxBackoff, Duration pollInterval,
                                Duration lease, String nodeId, Clock clock, LeaseClock leaseClock) {

    /** @return the wait after failed attempt number {@code attempt} (1 for the first failure) */
    public Duration backoff(int attempt) {
        Duration backoff = firstBackoff;
        for (int i = 1; i < attempt && backoff.compareTo(maxBackoff) < 0; i++) {
            backoff = backoff.multipliedBy(2);
        }
        return backoff.compareTo(maxBackoff) > 0 ? maxBackoff : backoff;
    }
}
