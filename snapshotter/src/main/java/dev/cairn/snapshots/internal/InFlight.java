package dev.cairn.snapshots.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The aggregates being snapshotted or queued, so that one aggregate is never snapshotted twice at once: a request for
 * an aggregate whose snapshot is running is recorded as one re-run after it, and further requests merge into that
 * re-run.
 *
 * @param <K> what identifies an aggregate
 */
public final class InFlight<K> {

    /** aggregate → whether another run was requested while it was running */
    private final Map<K, Boolean> running = new ConcurrentHashMap<>();
    private final Runnable merged;

    /**
     * @param merged called for a request that merged into a re-run already pending (it needs no run of its own)
     */
    public InFlight(Runnable merged) {
        this.merged = merged;
    }

    /**
     * @return whether the caller owns the aggregate's run; otherwise a re-run is recorded (or merged)
     */
    public boolean acquire(K key) {
        boolean[] owner = {false};
        running.compute(key, (k, rerun) -> {
            if (rerun == null) {
                owner[0] = true;
                return Boolean.FALSE;
            }
            if (rerun) {
                merged.run();
            }
            return Boolean.TRUE;
        });
        return owner[0];
    }

    /**
     * Runs {@code run} again for as long as re-runs were requested during the previous one, then gives up the
     * aggregate; called by the owner after its run.
     */
    public void rerunWhileRequested(K key, Runnable run) {
        while (running.compute(key, (k, rerun) -> Boolean.TRUE.equals(rerun) ? Boolean.FALSE : null) != null) {
            run.run();
        }
    }

    /** Gives up the aggregate without running (its run could not be scheduled). */
    public void release(K key) {
        running.remove(key);
    }

    /** @return the number of aggregates being snapshotted or queued */
    public int size() {
        return running.size();
    }
}
