package dev.cairn.projections.internal.rebuild;

import dev.cairn.projections.Rebuild;
import dev.cairn.projections.RebuildFailedException;
import dev.cairn.projections.RebuildProgress;

import java.time.Duration;

/**
 * A rebuild that holds its projection's {@link RebuildClaim} (ADR 43) until it completes, fails or is stopped, and
 * fails when another process took the claim over.
 */
public final class ClaimedRebuild implements Rebuild {

    private final Rebuild rebuild;
    private final RebuildClaim claim;

    public ClaimedRebuild(Rebuild rebuild, RebuildClaim claim) {
        this.rebuild = rebuild;
        this.claim = claim;
    }

    @Override
    public String projection() {
        return rebuild.projection();
    }

    @Override
    public RebuildProgress progress() {
        return rebuild.progress();
    }

    @Override
    public boolean await(Duration timeout) throws InterruptedException {
        if (claim.lost()) {
            stop();
            throw new RebuildFailedException("The rebuild of projection [" + projection() + "] lost its claim to "
                                                     + "another process, which judged it dead; stopped here, "
                                                     + "resumable");
        }
        try {
            boolean complete = rebuild.await(timeout);
            if (complete) {
                claim.close();
            }
            return complete;
        } catch (RuntimeException e) {
            claim.close();
            throw e;
        }
    }

    @Override
    public boolean complete() {
        return rebuild.complete();
    }

    @Override
    public void stop() {
        try {
            rebuild.stop();
        } finally {
            claim.close();
        }
    }
}
