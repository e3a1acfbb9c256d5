package dev.cairn.projections.internal.rebuild;

import dev.cairn.projections.RebuildFailedException;
import dev.cairn.projections.RebuildProgress;

/**
 * The work of one rebuild mode, started and driven to its end by a {@link RebuildRun}.
 */
interface RebuildWork {

    /** @return the projection being rebuilt */
    String projection();

    /** @return how far it has come, read from storage ({@code complete}: the phase says {@code COMPLETE}) */
    RebuildProgress progress(boolean complete);

    /**
     * Looks at storage once and completes the rebuild when it is done (a blue/green build switches readers, an
     * in-place rebuild removes its marker).
     *
     * @return whether it completed
     * @throws RebuildFailedException when it failed (its work in this process already stopped)
     */
    boolean check();

    /** Stops what this process does for the rebuild (idempotent), and @return the failure its timeout means. */
    RebuildFailedException timedOut();

    /** Stops what this process does for the rebuild, leaving it resumable; idempotent. */
    void stop();
}
