package dev.cairn.sagas.internal;

import dev.cairn.aggregates.IdempotencyKeyInProgressException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class KeyInProgressTest {

    private static final Instant DUE = Instant.parse("2026-01-01T00:00:00Z");
    private static final Exception IN_PROGRESS = new RuntimeException("send failed", new IllegalStateException(
            "wrapped", new IdempotencyKeyInProgressException("k-1", "com.example.Charge", Duration.ofSeconds(30))));

    @Test
    void aKeyInProgressAnywhereInTheCauseChainIsWaitedForUntilTheLimitEnds() {
        // Given a failure whose cause's cause is a key in progress
        // When it happens within the limit after the due time, and just after it
        boolean within = KeyInProgress.waitFor(IN_PROGRESS, DUE, DUE.plus(KeyInProgress.LIMIT));
        boolean after = KeyInProgress.waitFor(IN_PROGRESS, DUE, DUE.plus(KeyInProgress.LIMIT).plusMillis(1));

        // Then it is a wait only within the limit
        assertThat(within).isTrue();
        assertThat(after).isFalse();
    }

    @Test
    void otherFailuresAreNoWait() {
        // Given failures without a key in progress among their causes
        // When asked whether to wait
        // Then they are not waits
        assertThat(KeyInProgress.waitFor(new IllegalStateException("down"), DUE, DUE)).isFalse();
        assertThat(KeyInProgress.waitFor(new RuntimeException("x", new RuntimeException("y")), DUE, DUE)).isFalse();
    }

    @Test
    void theWaitGrowsWithTheTimeWaitedBetweenTheBounds() {
        // Given backoff bounds of 1 s and 1 min
        Duration first = Duration.ofSeconds(1);
        Duration max = Duration.ofMinutes(1);

        // When the deadline has waited nothing, 10 s, and an hour
        // Then it waits the first backoff, as long again, and the maximum
        assertThat(KeyInProgress.backoff(DUE, DUE, first, max)).isEqualTo(first);
        assertThat(KeyInProgress.backoff(DUE, DUE.plusSeconds(10), first, max)).isEqualTo(Duration.ofSeconds(10));
        assertThat(KeyInProgress.backoff(DUE, DUE.plusSeconds(3600), first, max)).isEqualTo(max);
    }
}
