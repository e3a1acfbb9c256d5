package dev.cairn.sagas.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * One daemon thread that runs a round every poll interval, and earlier when {@link #wakeUpIn} asks (a deadline
 * scheduled on this node that is due sooner). A round runs again at once while it reports more work.
 */
public final class PollLoop {

    private static final Logger logger = LoggerFactory.getLogger(PollLoop.class);

    private final BooleanSupplier round;
    private final Duration interval;
    private final String threadName;
    private volatile ScheduledExecutorService executor;

    /**
     * @param round runs one round; returns {@code true} when there may be more work right away
     */
    public PollLoop(String threadName, Duration interval, BooleanSupplier round) {
        this.threadName = threadName;
        this.interval = interval;
        this.round = round;
    }

    public synchronized void start() {
        if (executor != null) {
            return;
        }
        ScheduledThreadPoolExecutor created = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, threadName);
            thread.setDaemon(true);
            return thread;
        });
        // a stopped loop runs no pending wake-up
        created.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        executor = created;
        executor.scheduleWithFixedDelay(this::runRounds, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    public boolean started() {
        return executor != null && !executor.isShutdown();
    }

    /** Runs a round after {@code delay} (at once when negative), in addition to the regular ones. */
    public void wakeUpIn(Duration delay) {
        ScheduledExecutorService current = executor;
        if (current == null || current.isShutdown() || delay.compareTo(interval) >= 0) {
            return;
        }
        try {
            current.schedule(this::runRounds, wakeUpMillis(delay), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // shutting down: the next start polls anyway
        }
    }

    /**
     * @return the delay in whole milliseconds, rounded up: deadlines are stored and compared in milliseconds, and a
     * wake-up a fraction of a millisecond early finds nothing due yet, leaving the deadline to the next regular round
     * (up to a whole poll interval late)
     */
    static long wakeUpMillis(Duration delay) {
        if (delay.isNegative()) {
            return 0;
        }
        long millis = delay.toMillis();
        return delay.minusMillis(millis).isZero() ? millis : millis + 1;
    }

    /** Stops polling, waiting up to {@code timeout} for a running round. */
    public synchronized void stop(Duration timeout) {
        ScheduledExecutorService current = executor;
        if (current == null) {
            return;
        }
        current.shutdown();
        try {
            if (!current.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                current.shutdownNow();
            }
        } catch (InterruptedException e) {
            current.shutdownNow();
            Thread.currentThread().interrupt();
        }
        executor = null;
    }

    private void runRounds() {
        try {
            while (!Thread.currentThread().isInterrupted() && started() && round.getAsBoolean()) {
                // more due work: next round at once
            }
        } catch (RuntimeException e) {
            // e.g. MongoDB unreachable: the next round tries again
            logger.warn("Polling in [{}] failed; retrying in {}", threadName, interval, e);
        }
    }
}
