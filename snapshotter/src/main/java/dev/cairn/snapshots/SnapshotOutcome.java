package dev.cairn.snapshots;

/**
 * What a synchronous snapshot request ({@link CairnSnapshotter#snapshotNow}) did.
 */
public enum SnapshotOutcome {
    /** A snapshot was stored. */
    TAKEN,
    /** Nothing to store: no events, the aggregate is deleted, or its snapshot already covers its last event. */
    NOT_NEEDED,
    /** A snapshot of this aggregate was running; it will run once more afterwards to cover the newest events. */
    ALREADY_RUNNING,
    /** The attempt threw; it was logged with the aggregate id and counted as failed. */
    FAILED
}
