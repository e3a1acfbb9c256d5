package dev.cairn.projections.internal.rebuild;

import dev.cairn.projections.Rebuild;
import dev.cairn.projections.RebuildFailedException;
import dev.cairn.projections.RebuildProgress;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A rebuild running in this process (ADR 44): it holds its projection's {@link RebuildClaim} (ADR 43) and looks at
 * storage on a timer until the work completes, fails, times out or loses the claim; then it releases the claim and
 * completes, fails or (stopped) cancels its {@link #completion()}.
 */
final class RebuildRun implements Rebuild {

    /**
     * How often a running rebuild looks at storage: its completion is read from the tokens, which other nodes store
     * too (an in-place replay runs wherever the projection runs); one look reads the projection's token documents (a
     * blue/green one also the live version's), a query on a handful of small documents. At 50 ms the wait for the
     * last look was a twentieth of a 20,000-event rebuild.
     */
    static final Duration CHECK_EVERY = Duration.ofMillis(10);

    private final RebuildWork work;
    private final RebuildClaim claim;
    private final long deadline;
    private final RebuildCompletion completion = new RebuildCompletion(this::stopWork);
    private final ScheduledExecutorService checks;
    private boolean stopped;

    private RebuildRun(RebuildWork work, RebuildClaim claim, Duration timeout) {
        this.work = work;
        this.claim = claim;
        this.deadline = System.nanoTime() + timeout.toNanos();
        this.checks = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "cairn-rebuild-check-" + work.projection());
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Drives {@code work}, which holds {@code claim}, to its end; it fails after {@code timeout}. */
    static RebuildRun start(RebuildWork work, RebuildClaim claim, Duration timeout) {
        RebuildRun run = new RebuildRun(work, claim, timeout);
        run.checks.scheduleWithFixedDelay(run::check, 0, CHECK_EVERY.toMillis(), TimeUnit.MILLISECONDS);
        return run;
    }

    @Override
    public String projection() {
        return work.projection();
    }

    @Override
    public RebuildProgress progress() {
        return work.progress(complete());
    }

    @Override
    public CompletableFuture<RebuildProgress> completion() {
        return completion;
    }

    @Override
    public void stop() {
        completion.cancel(false);
    }

    private synchronized void check() {
        if (stopped || completion.isDone()) {
            return;
        }
        try {
            if (claim.lost()) {
                throw new RebuildFailedException("The rebuild of projection [" + projection() + "] lost its claim to "
                                                         + "another process, which judged it dead; stopped here, "
                                                         + "resumable");
            }
            if (work.check()) {
                claim.close();
                completion.succeed(finalProgress());
            } else if (System.nanoTime() - deadline >= 0) {
                throw work.timedOut();
            }
        } catch (RuntimeException | Error e) {
            try {
                work.stop();
            } finally {
                claim.close();
                completion.fail(e);
            }
        } finally {
            if (completion.isDone()) {
                checks.shutdown();
            }
        }
    }

    /** Runs when the completion is cancelled: after a check under way, and never twice. */
    private synchronized void stopWork() {
        if (stopped) {
            return;
        }
        stopped = true;
        try {
            work.stop();
        } finally {
            claim.close();
            checks.shutdown();
        }
    }

    private RebuildProgress finalProgress() {
        try {
            return work.progress(true);
        } catch (RuntimeException e) {
            return null; // storage unreachable right now: the rebuild completed all the same
        }
    }
}
