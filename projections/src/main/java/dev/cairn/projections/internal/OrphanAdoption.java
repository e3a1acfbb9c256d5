package dev.cairn.projections.internal;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * How many segments a node takes beyond its fair share: those no node has claimed for {@code adoptAfter} (ADR 92).
 * <p>
 * A node whose batches of a segment keep failing releases the segment, and the processor then keeps that node
 * from claiming it again for 1, 2, 4... up to 60 seconds. The other nodes hold their share and claim nothing more, so
 * without this the segment would wait out the whole back-off. A segment seen released (no owner) for
 * {@code adoptAfter} without a break is an orphan: every node may claim it on top of its share. A node that adopted
 * keeps what it holds above its share for {@code keepFor} after it last saw an orphan, then gives it back, so the
 * share is restored once the failing node recovers, without segments passing to and fro every round.
 * <p>
 * Only released segments count. A dead node's claims keep their owner until they expire, and the dead node drops out
 * of the live count at the same time, which raises everyone's share. How long a segment has been seen released is
 * judged on this node's monotonic clock, and only across looks no further apart than {@code adoptAfter} (the
 * processor asks every claim interval while it runs): it decides only how many segments to try, never whether a
 * claim is free (the token store's conditional update judges that on the lease clock).
 */
final class OrphanAdoption {

    private final Duration adoptAfter;
    private final Duration keepFor;
    private final LongSupplier nanoTime;
    private final Map<Integer, Long> releasedSince = new HashMap<>();
    private long keepUntil;
    private boolean keeping;
    private long lastLook;
    private boolean looked;

    /**
     * @param adoptAfter how long a segment stays released before it is adopted
     * @param keepFor    how long adopted segments are kept after the last orphan was seen
     * @param nanoTime   the monotonic clock ({@code System::nanoTime}; a test's own)
     */
    OrphanAdoption(Duration adoptAfter, Duration keepFor, LongSupplier nanoTime) {
        this.adoptAfter = adoptAfter;
        this.keepFor = keepFor;
        this.nanoTime = nanoTime;
    }

    /**
     * @param owners the processor's segments with the node holding each claim as stored now ({@code null}: released)
     * @param nodeId this node
     * @param share  this node's fair share
     * @return how many segments this node may hold beyond {@code share}
     */
    synchronized int extra(Map<Integer, String> owners, String nodeId, int share) {
        long now = nanoTime.getAsLong();
        if (looked && now - lastLook > adoptAfter.toNanos()) {
            // not looking for that long (the processor stopped, paused or stalled): what was seen says nothing now
            releasedSince.clear();
        }
        lastLook = now;
        looked = true;
        Set<Integer> released = new HashSet<>();
        int held = 0;
        for (Map.Entry<Integer, String> segment : owners.entrySet()) {
            if (segment.getValue() == null) {
                released.add(segment.getKey());
            } else if (segment.getValue().equals(nodeId)) {
                held++;
            }
        }
        releasedSince.keySet().retainAll(released);
        released.forEach(segment -> releasedSince.putIfAbsent(segment, now));
        int orphans = (int) releasedSince.values().stream().filter(since -> now - since >= adoptAfter.toNanos())
                                         .count();
        if (orphans > 0) {
            keepUntil = now + keepFor.toNanos();
            keeping = true;
        } else if (keeping && now - keepUntil >= 0) {
            keeping = false;
        }
        int kept = keeping ? Math.max(0, held - share) : 0;
        return Math.max(0, Math.min(owners.size() - share, kept + orphans));
    }

    /** Forgets what was seen released: after a pause every segment is released, and none of them is an orphan. */
    synchronized void reset() {
        releasedSince.clear();
        keeping = false;
    }
}
