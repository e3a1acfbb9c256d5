package dev.cairn.eventstore.mongo.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * The commits waiting for the next group-commit round, and how long a round waits for company.
 * <p>
 * A round that would start smaller than the largest of the last {@value #HISTORY} rounds waits briefly for the
 * writers that were part of them to queue again: at most half the average duration of recent rounds, and never more
 * than the configured cap. A lone writer never waits (its rounds have one commit); steady concurrent writers end up in
 * one round each time instead of alternating between small ones, which halves the commands per event. This is
 * PostgreSQL's {@code commit_delay}/{@code commit_siblings} idea, with both figures learned from recent rounds.
 * <p>
 * {@link #gather(int)} and {@link #roundWritten(int, long)} are called by one round writer at a time.
 *
 * @param <T> a queued commit
 */
final class RoundQueue<T> {

    private static final int HISTORY = 16;

    private final Queue<T> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final ReentrantLock arrivalLock = new ReentrantLock();
    private final Condition arrived = arrivalLock.newCondition();
    private final long maxWaitNanos;
    private final LongSupplier nanoClock;
    private final int[] recentRoundSizes = new int[HISTORY];
    private volatile boolean waiting;
    private int rounds;
    private long averageRoundNanos;

    /**
     * @param maxWaitNanos the longest a round waits for company; 0 never waits
     */
    RoundQueue(long maxWaitNanos, LongSupplier nanoClock) {
        this.maxWaitNanos = maxWaitNanos;
        this.nanoClock = nanoClock;
    }

    void add(T commit) {
        queue.add(commit);
        queued.incrementAndGet();
        if (waiting) {
            arrivalLock.lock();
            try {
                arrived.signal();
            } finally {
                arrivalLock.unlock();
            }
        }
    }

    /**
     * @return the first queued commit, or {@code null}
     */
    T peek() {
        return queue.peek();
    }

    int size() {
        return queued.get();
    }

    /**
     * Waits for company if recent rounds were larger, then takes up to {@code max} queued commits.
     */
    List<T> gather(int max) {
        awaitExpectedCompany();
        List<T> round = new ArrayList<>();
        for (T next; round.size() < max && (next = queue.poll()) != null; ) {
            queued.decrementAndGet();
            round.add(next);
        }
        return round;
    }

    /**
     * Records a written round, which shapes how later rounds wait.
     */
    void roundWritten(int commits, long nanos) {
        recentRoundSizes[rounds++ % HISTORY] = commits;
        averageRoundNanos = averageRoundNanos == 0 ? nanos : (averageRoundNanos * 7 + nanos) / 8;
    }

    private void awaitExpectedCompany() {
        int expected = expectedRoundSize();
        long wait = Math.min(maxWaitNanos, averageRoundNanos / 2);
        if (queued.get() >= expected || wait <= 0) {
            return;
        }
        long deadline = nanoClock.getAsLong() + wait;
        arrivalLock.lock();
        try {
            waiting = true;
            // the flag is set before the count is read, and add() bumps the count before it reads the flag
            for (long left = wait; queued.get() < expected && left > 0; left = deadline - nanoClock.getAsLong()) {
                arrived.await(left, TimeUnit.NANOSECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            waiting = false;
            arrivalLock.unlock();
        }
    }

    private int expectedRoundSize() {
        int expected = 1;
        for (int size : recentRoundSizes) {
            expected = Math.max(expected, size);
        }
        return expected;
    }
}
