package dev.cairn.snapshots.internal;

import dev.cairn.snapshots.SnapshotMetrics;

import java.util.concurrent.atomic.LongAdder;

/**
 * The snapshotter's live counters; {@link #read()} copies them into an immutable {@link SnapshotMetrics}.
 */
public final class Counters {

    private final LongAdder taken = new LongAdder();
    private final LongAdder skipped = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    private final LongAdder takenNanos = new LongAdder();

    public void taken(long nanos) {
        taken.increment();
        takenNanos.add(nanos);
    }

    public void skipped() {
        skipped.increment();
    }

    public void failed() {
        failed.increment();
    }

    public void dropped() {
        dropped.increment();
    }

    /**
     * @param ignored the event store's count of snapshots it could not read
     */
    public SnapshotMetrics read(long ignored) {
        return new SnapshotMetrics(taken.sum(), skipped.sum(), failed.sum(), dropped.sum(), takenNanos.sum(),
                                   ignored);
    }
}
