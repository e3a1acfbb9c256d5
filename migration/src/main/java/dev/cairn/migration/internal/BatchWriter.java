package dev.cairn.migration.internal;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Writes the planned batches on a thread of its own, one at a time and in the order they were handed over, while the
 * caller reads and plans the next one: a bulk copy's client work (reading, checking identifiers) then overlaps with
 * converting, sending and the server's insert. At most one batch is in flight, so a run killed at any moment has
 * reserved (then written) every batch before the one it was writing, as a sequential run would have.
 */
final class BatchWriter implements AutoCloseable {

    private final CommitWriter writer;
    private final ProgressRecord progress;
    private final String sourceDatabase;
    private final String sourceCollection;
    private final ExecutorService thread = Executors.newSingleThreadExecutor(runnable -> {
        Thread writing = new Thread(runnable, "cairn-migration-writer");
        writing.setDaemon(true);
        return writing;
    });
    private Future<?> inFlight;

    BatchWriter(CommitWriter writer, ProgressRecord progress, String sourceDatabase, String sourceCollection) {
        this.writer = writer;
        this.progress = progress;
        this.sourceDatabase = sourceDatabase;
        this.sourceCollection = sourceCollection;
    }

    /**
     * Waits for the batch in flight, then starts writing {@code plan} at global index {@code first}.
     *
     * @throws RuntimeException what writing the previous batch threw
     */
    void submit(CommitPlan plan, long first) {
        awaitInFlight();
        inFlight = thread.submit(() -> {
            // reserve before writing: a run killed between the two is still recognized as ours
            progress.reserve(first + plan.events() - 1, sourceDatabase, sourceCollection);
            writer.write(plan.commits(), first);
        });
    }

    /** Waits until every batch handed over is written. */
    void flush() {
        awaitInFlight();
    }

    /** Lets the batch in flight finish (a run failing while reading never cuts a write short), then stops. */
    @Override
    public void close() {
        try {
            awaitInFlight();
        } finally {
            thread.shutdown();
        }
    }

    private void awaitInFlight() {
        if (inFlight == null) {
            return;
        }
        try {
            inFlight.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while writing a batch of migrated events", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(e.getCause());
        } finally {
            inFlight = null;
        }
    }
}
