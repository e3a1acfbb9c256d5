package dev.cairn.projections.internal.rebuild;

import dev.cairn.projections.RebuildProgress;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The completion of a running rebuild: only the rebuild completes it; cancelling it stops the rebuild first.
 */
final class RebuildCompletion extends CompletableFuture<RebuildProgress> {

    private final Runnable stop;

    /** @param stop stops the rebuild's work in this process when the completion is cancelled */
    RebuildCompletion(Runnable stop) {
        this.stop = stop;
    }

    void succeed(RebuildProgress progress) {
        super.complete(progress);
    }

    void fail(Throwable failure) {
        super.completeExceptionally(failure);
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        if (isDone()) {
            return isCancelled();
        }
        // stop the work before waiters wake up: when they see the cancellation, nothing runs for it here any more
        stop.run();
        return super.cancel(mayInterruptIfRunning);
    }

    @Override
    public boolean complete(RebuildProgress value) {
        throw refused();
    }

    @Override
    public boolean completeExceptionally(Throwable ex) {
        throw refused();
    }

    @Override
    public void obtrudeValue(RebuildProgress value) {
        throw refused();
    }

    @Override
    public void obtrudeException(Throwable ex) {
        throw refused();
    }

    @Override
    public CompletableFuture<RebuildProgress> completeAsync(Supplier<? extends RebuildProgress> supplier,
                                                            Executor executor) {
        throw refused();
    }

    @Override
    public CompletableFuture<RebuildProgress> completeAsync(Supplier<? extends RebuildProgress> supplier) {
        throw refused();
    }

    @Override
    public CompletableFuture<RebuildProgress> orTimeout(long timeout, TimeUnit unit) {
        // a timeout bounds the wait, not the rebuild (which has its own): on a copy
        return copy().orTimeout(timeout, unit);
    }

    @Override
    public CompletableFuture<RebuildProgress> completeOnTimeout(RebuildProgress value, long timeout, TimeUnit unit) {
        return copy().completeOnTimeout(value, timeout, unit);
    }

    private static UnsupportedOperationException refused() {
        return new UnsupportedOperationException("A rebuild completes by itself; Rebuild.stop() or cancel() stops it");
    }
}
