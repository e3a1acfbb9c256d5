package dev.cairn.eventstore.mongo.internal;

import org.axonframework.eventhandling.GapAwareTrackingToken;

import java.time.Duration;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Decides when a gap in the global stream is given up on.
 * <p>
 * A gap is a global index that was reserved but is not (yet) visible: its commit is in flight, or its writer died.
 * The age of a gap is measured on this reader's monotonic clock from the moment it first saw the gap, never by
 * comparing timestamps written by other machines, so clock skew between writers cannot make a reader skip an event.
 * A restarted reader starts the clock again, which only makes it wait longer.
 */
public final class GapTracker {

    private final long timeoutNanos;
    private final LongSupplier nanoClock;
    private final Map<Long, Long> firstSeen = new ConcurrentHashMap<>();

    public GapTracker(Duration timeout, LongSupplier nanoClock) {
        this.timeoutNanos = timeout.toNanos();
        this.nanoClock = nanoClock;
    }

    /**
     * @return {@code token} without the gaps that have stayed open longer than the timeout
     */
    public GapAwareTrackingToken withoutExpiredGaps(GapAwareTrackingToken token) {
        if (!token.hasGaps()) {
            return token;
        }
        long now = nanoClock.getAsLong();
        SortedSet<Long> open = new TreeSet<>();
        for (Long gap : token.getGaps()) {
            long seen = firstSeen.computeIfAbsent(gap, g -> now);
            if (now - seen < timeoutNanos) {
                open.add(gap);
            }
        }
        forgetOlderThan(now);
        return open.size() == token.getGaps().size() ? token : GapAwareTrackingToken.newInstance(token.getIndex(), open);
    }

    /**
     * Records that the event at {@code globalIndex} arrived, closing its gap.
     */
    public void filled(long globalIndex) {
        firstSeen.remove(globalIndex);
    }

    private void forgetOlderThan(long now) {
        if (firstSeen.size() > 100_000) {
            // gaps expired long ago by every reader of this engine; bounded memory for long-running nodes
            firstSeen.values().removeIf(seen -> now - seen > 2 * timeoutNanos);
        }
    }
}
