package dev.cairn.snapshots;

import java.time.Duration;

/**
 * Counters of a {@link CairnSnapshotter} at one moment, since it was built.
 *
 * @param taken      snapshots stored
 * @param skipped    requests that stored nothing: the aggregate was already snapshotted at its last event (or
 *                   deleted), or the request was merged into a re-run already pending for that aggregate
 * @param failed     snapshot attempts that threw (each logged once with the aggregate id); commands are unaffected
 * @param dropped    requests refused because the queue was full or the snapshotter was shut down
 * @param takenNanos total time spent taking the {@code taken} snapshots (reading, rebuilding, storing)
 * @param ignored    times the event store ignored a stored snapshot because it could not be read (a field changed
 *                   type, its class is gone or not allowed) and loaded the aggregate from its events instead
 */
public record SnapshotMetrics(long taken, long skipped, long failed, long dropped, long takenNanos, long ignored) {

    public SnapshotMetrics {
        if (taken < 0 || skipped < 0 || failed < 0 || dropped < 0 || takenNanos < 0 || ignored < 0) {
            throw new IllegalArgumentException("Snapshot counters cannot be negative: " + taken + ", " + skipped
                                                       + ", " + failed + ", " + dropped + ", " + takenNanos + ", "
                                                       + ignored);
        }
    }

    /**
     * @return the mean duration of a snapshot that was taken, zero when none was
     */
    public Duration meanDuration() {
        return taken == 0 ? Duration.ZERO : Duration.ofNanos(takenNanos / taken);
    }
}
