package dev.cairn.projections.internal;

import org.axonframework.eventhandling.EventTrackerStatus;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Waits until a projection's stored tokens show a global position processed. Storage is the judge, read every
 * {@link #POLL}; but while a processor in this process holds a segment whose own status has not consumed the position
 * yet, no stored token can show it (the owner stores a segment's token only after consuming it), so storage is read
 * only every {@link #STORED_AT_LEAST_EVERY} then, in case the segment's claim moved to another node unnoticed. A
 * waiter polling storage every few milliseconds took a fifth of a busy processor's throughput on two cores (ADR 84).
 * <p>
 * Once every segment held here has consumed the position and storage still does not show it, the segments whose last
 * events were other segments' have not stored their tokens yet (they do so within the processor's idle round): the
 * waiter asks for their consumed tokens to be stored now instead of waiting for that round. Storage stays the judge.
 */
public final class CatchUpWait {

    /** How often storage is read when no local segment is known to be behind. */
    public static final Duration POLL = Duration.ofMillis(5);
    /** How often storage is read at least, whatever the local processor's status says. */
    public static final Duration STORED_AT_LEAST_EVERY = Duration.ofMillis(100);

    private static final Logger logger = LoggerFactory.getLogger(CatchUpWait.class);

    private final BooleanSupplier storedCaughtUp;
    private final Supplier<Map<Integer, EventTrackerStatus>> localStatus;
    private final Runnable storeConsumed;
    private final long position;

    /**
     * @param storedCaughtUp whether the stored tokens show {@code position} processed (reads storage)
     * @param localStatus    the status of the segments a processor of this process holds for the projection, by
     *                       segment id; empty when none runs here
     * @param storeConsumed  stores the tokens the local segments consumed where they are ahead of the stored ones
     * @param position       the global position waited for
     */
    public CatchUpWait(BooleanSupplier storedCaughtUp, Supplier<Map<Integer, EventTrackerStatus>> localStatus,
                       Runnable storeConsumed, long position) {
        this.storedCaughtUp = storedCaughtUp;
        this.localStatus = localStatus;
        this.storeConsumed = storeConsumed;
        this.position = position;
    }

    /** @return {@code true} once the stored tokens show the position processed; {@code false} after {@code timeout} */
    public boolean await(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        long lastStoredRead = 0;
        boolean read = false;
        while (true) {
            long now = System.nanoTime();
            Map<Integer, EventTrackerStatus> local = localStatus.get();
            boolean behind = locallyBehind(local);
            if (!read || now - lastStoredRead >= STORED_AT_LEAST_EVERY.toNanos() || !behind) {
                if (storedCaughtUp.getAsBoolean()
                        || (!behind && !local.isEmpty() && storedConsumed() && storedCaughtUp.getAsBoolean())) {
                    return true;
                }
                read = true;
                lastStoredRead = now;
            }
            if (System.nanoTime() - deadline >= 0) {
                return false;
            }
            Thread.sleep(POLL.toMillis());
        }
    }

    /** @return whether storing the local segments' consumed tokens went through; the owner stores them anyway */
    private boolean storedConsumed() {
        try {
            storeConsumed.run();
            return true;
        } catch (RuntimeException e) {
            // a claim lost to another node since the status was read: that node's tokens will show it
            logger.debug("Could not store the consumed tokens while waiting for position {}", position, e);
            return false;
        }
    }

    /** @return whether a segment held here has not consumed the position yet (a segment in error says nothing) */
    private boolean locallyBehind(Map<Integer, EventTrackerStatus> local) {
        for (EventTrackerStatus status : local.values()) {
            if (!status.isErrorState() && !StatusReader.hasProcessed(status.getTrackingToken(), position)) {
                return true;
            }
        }
        return false;
    }
}
