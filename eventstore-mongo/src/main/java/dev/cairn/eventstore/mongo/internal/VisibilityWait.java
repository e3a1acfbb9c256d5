package dev.cairn.eventstore.mongo.internal;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/**
 * Growing pauses, from 2 ms to 100 ms, while a claim keeps being lost to a commit that majority reads do not show yet,
 * up to a timeout for one round.
 */
final class VisibilityWait {

    private static final long FIRST_PAUSE_NANOS = Duration.ofMillis(2).toNanos();
    private static final long LONGEST_PAUSE_NANOS = Duration.ofMillis(100).toNanos();

    private final long timeoutNanos;
    private long since;
    private long pause;

    VisibilityWait(long timeoutNanos) {
        this.timeoutNanos = timeoutNanos;
    }

    /**
     * @return {@code false} when the timeout has passed, instead of pausing
     */
    boolean pause() {
        long now = System.nanoTime();
        if (pause == 0) {
            since = now;
        } else if (now - since > timeoutNanos) {
            return false;
        }
        pause = Math.min(LONGEST_PAUSE_NANOS, Math.max(FIRST_PAUSE_NANOS, pause * 2));
        LockSupport.parkNanos(pause);
        return true;
    }

    long timeoutMillis() {
        return Duration.ofNanos(timeoutNanos).toMillis();
    }
}
