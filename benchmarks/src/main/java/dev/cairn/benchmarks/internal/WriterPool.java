package dev.cairn.benchmarks.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs writer loops side by side until a deadline and waits for all of them.
 */
public final class WriterPool {

    /**
     * One writer's loop body: called until the deadline.
     */
    @FunctionalInterface
    public interface Step {
        void run(int writer, long iteration) throws Exception;
    }

    private WriterPool() {
    }

    /**
     * Runs {@code writers} threads calling {@code step} until {@code duration} passed; a step that throws ends
     * nothing: the step decides what a failure means.
     */
    public static void run(int writers, Duration duration, Step step) throws Exception {
        long deadline = System.nanoTime() + duration.toNanos();
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int writer = 0; writer < writers; writer++) {
                int index = writer;
                running.add(pool.submit(() -> {
                    long iteration = 0;
                    while (System.nanoTime() < deadline) {
                        step.run(index, iteration++);
                    }
                    return null;
                }));
            }
            for (Future<?> writer : running) {
                writer.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
