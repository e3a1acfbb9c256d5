package dev.cairn.mongo.embedded.junit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A clock that stands still until a test moves it forward, for leases, claim expiry and timeouts without sleeping
 * (with {@code LeaseClock.of(clock)} also for leases judged in queries).
 */
public final class MutableClock extends Clock {

    private volatile Instant now;

    public MutableClock(Instant start) {
        this.now = start;
    }

    /**
     * Moves this clock forward by whole milliseconds (what MongoDB dates store).
     */
    public void advance(Duration duration) {
        if (duration.isNegative() || duration.getNano() % 1_000_000 != 0) {
            throw new IllegalArgumentException("the clock moves forward by whole milliseconds, not " + duration);
        }
        now = now.plus(duration);
    }

    @Override
    public Instant instant() {
        return now;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("the test clock is always UTC");
    }
}
