package dev.cairn.projections;

/**
 * How a projection is rebuilt.
 */
public enum RebuildMode {
    /**
     * Stop it on every node, reset its tokens (Axon's {@code resetTokens}, so {@code @ResetHandler}s run and
     * {@code ReplayStatus} is set), empty its collections, replay. Its read model is incomplete until the replay ends.
     */
    IN_PLACE,
    /**
     * Build the next version into its own collections under its own processor name while the current version keeps
     * serving reads, then switch readers to it in one step (ADR 42). No downtime; twice the storage until
     * {@link CairnProjections#clean(String)}.
     */
    BLUE_GREEN
}
