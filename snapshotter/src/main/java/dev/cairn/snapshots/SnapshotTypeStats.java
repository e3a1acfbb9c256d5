package dev.cairn.snapshots;

import java.time.Instant;

/**
 * The snapshots of one aggregate type.
 *
 * @param aggregateType   the aggregate type name as stored (Axon's type, by default the class's simple name)
 * @param count           number of snapshots (at most one per aggregate)
 * @param outdated        snapshots whose revision differs from the class's current {@code @Revision}; they are
 *                        ignored when loading and can be purged
 * @param currentRevision the class's {@code @Revision}, {@code null} without one
 * @param oldest          timestamp of the oldest snapshot (of the last event it covers), {@code null} when none
 * @param newest          timestamp of the newest snapshot, {@code null} when none
 */
public record SnapshotTypeStats(String aggregateType, long count, long outdated, String currentRevision,
                                Instant oldest, Instant newest) {

    public SnapshotTypeStats {
        if (aggregateType == null || aggregateType.isBlank()) {
            throw new IllegalArgumentException("The aggregate type of snapshot statistics may not be blank");
        }
        if (count < 0 || outdated < 0 || outdated > count) {
            throw new IllegalArgumentException("Snapshot statistics of [" + aggregateType + "] are inconsistent: "
                                                       + count + " snapshots, " + outdated + " outdated");
        }
    }
}
