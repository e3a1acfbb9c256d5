package dev.cairn.projections;

import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A rebuild under way in this process, started by {@link CairnProjections#rebuild(String, RebuildOptions)}. Its
 * progress is stored, so {@link ProjectionStatus#rebuild()} shows it in every process; an interrupted rebuild (the
 * process stopped or killed) is never reported complete, and rebuilding again resumes it.
 * <p>
 * A rebuild runs to its end by itself in this process, whether or not anyone waits (ADR 44): {@link #completion()}
 * completes when it completed (a blue/green rebuild switched readers to the new version; an in-place one removed its
 * marker), completes exceptionally with {@link RebuildFailedException} when it failed, and is cancelled when it was
 * stopped ({@link #stop()}, or cancelling the future).
 */
public interface Rebuild {

    /** @return the projection being rebuilt */
    String projection();

    /** @return how far it has come, read from storage */
    RebuildProgress progress();

    /**
     * @return the rebuild's completion: completes with its final progress (phase {@code COMPLETE}); completes
     * exceptionally with {@link RebuildFailedException} when a handler failed on an event (blue/green), the rebuild's
     * own timeout ({@link RebuildOptions#timeout()}) passed, or another process took its claim over (ADR 43); is
     * cancelled by {@link #stop()}. Cancelling it stops the rebuild as {@link #stop()} does. It cannot be completed
     * from outside ({@code complete}, {@code completeExceptionally}, {@code obtrude...} throw
     * {@link UnsupportedOperationException}); {@code orTimeout} and {@code completeOnTimeout} apply to a copy.
     */
    CompletableFuture<RebuildProgress> completion();

    /**
     * Waits until the rebuild completes, at most {@code timeout}: waits on {@link #completion()}.
     *
     * @return {@code true} when complete, {@code false} when {@code timeout} passed first (it goes on)
     * @throws RebuildFailedException when a handler failed on an event or the rebuild's own timeout passed
     * @throws CancellationException  when the rebuild was stopped
     */
    default boolean await(Duration timeout) throws InterruptedException {
        try {
            completion().get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new RebuildFailedException("The rebuild of projection [" + projection() + "] failed", e.getCause());
        }
    }

    /** @return whether it has completed (not failed, not stopped) */
    default boolean complete() {
        CompletableFuture<RebuildProgress> completion = completion();
        return completion.isDone() && !completion.isCompletedExceptionally();
    }

    /**
     * Stops the work this process does for the rebuild, leaving it resumable, and cancels {@link #completion()}: a
     * blue/green build stops its processor (its tokens are kept); an in-place replay goes on wherever the projection
     * runs, and this process no longer completes it (rebuilding again does).
     */
    void stop();
}
