package dev.cairn.samples.demo;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Samples the event store's head and the projections' largest lag every quarter second while the demo runs, for the
 * report's charts.
 */
final class Timeline implements AutoCloseable {

    /** One sample: seconds since the start, commits stored so far, largest projection lag in events. */
    record Sample(double seconds, long commits, long lag) {
    }

    private final List<Sample> samples = new ArrayList<>();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "demo-timeline");
        thread.setDaemon(true);
        return thread;
    });
    private final long started = System.nanoTime();

    Timeline(LongSupplier commits, LongSupplier lag) {
        scheduler.scheduleAtFixedRate(() -> {
            try {
                Sample sample = new Sample((System.nanoTime() - started) / 1e9, commits.getAsLong(),
                                           lag.getAsLong());
                synchronized (samples) {
                    samples.add(sample);
                }
            } catch (RuntimeException e) {
                // a sample missed while the database is busy leaves a gap in the chart, nothing else
            }
        }, 0, 250, TimeUnit.MILLISECONDS);
    }

    List<Sample> samples() {
        synchronized (samples) {
            return List.copyOf(samples);
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
