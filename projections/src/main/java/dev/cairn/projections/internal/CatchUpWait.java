package dev.cairn.projections.internal;

import org.axonframework.eventhandling.EventTrackerStatus;

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
 */
public final class CatchUpWait {

    /** How often storage is read when no local segment is known to be behind. */
    public static final Duration POLL = Duration.ofMillis(5);
    /** How often storage is read at least, whatever the local processor's status says. */
    public static final Duration STORED_AT_LEAST_EVERY = Duration.ofMillis(100);

    private final BooleanSupplier storedCaughtUp;
    private final Supplier<Map<Integer, EventTrackerStatus>> localStatus;
    private final long position;

    /**
     * @param storedCaughtUp whether the stored tokens show {@code position} processed (reads storage)
     * @param localStatus    the status of the segments a processor of this process holds for the projection, by
     *                       segment id; empty when none runs here
     * @param position       the global position waited for
     */
    public CatchUpWait(BooleanSupplier storedCaughtUp, Supplier<Map<Integer, EventTrackerStatus>> localStatus,
                       long position) {
        this.storedCaughtUp = storedCaughtUp;
        this.localStatus = localStatus;
        this.position = position;
    }

    /** @return {@code true} once the stored tokens show the position processed; {@code false} after {@code timeout} */
    public boolean await(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        long lastStoredRead = 0;
        boolean read = false;
        while (true) {
            long now = System.nanoTime();
            if (!read || now - lastStoredRead >= STORED_AT_LEAST_EVERY.toNanos() || !locallyBehind()) {
                if (storedCaughtUp.getAsBoolean()) {
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

    /** @return whether a segment held here has not consumed the position yet (a segment in error says nothing) */
    boolean locallyBehind() {
        for (EventTrackerStatus status : localStatus.get().values()) {
            if (!status.isErrorState() && !StatusReader.hasProcessed(status.getTrackingToken(), position)) {
                return true;
            }
        }
        return false;
    }
}
