package dev.cairn.migration;

/**
 * Where a running migration is.
 *
 * @param phase what it does: {@code "events"}, {@code "snapshots"}, {@code "tokens"} or {@code "verify"}
 * @param done  source documents of this phase handled so far in this run (copied or found already copied)
 * @param total the source documents of this phase when the run started (an estimate while the source grows)
 */
public record MigrationProgress(String phase, long done, long total) {
}
