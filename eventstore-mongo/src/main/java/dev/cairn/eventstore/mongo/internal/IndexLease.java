package dev.cairn.eventstore.mongo.internal;

import java.util.function.LongSupplier;

/**
 * Hands out global indexes from blocks reserved in the counter, so that busy writers do not pay a counter round trip
 * for every round (ADR 0006).
 * <p>
 * A block is used only while its lease lasts; once it has expired, its unused indexes are never handed out, and the
 * grant that reserves the next block carries them as a range to void. The block size adapts: it doubles (up to the
 * maximum) when a block runs out within its lease and halves when a lease expires, so a lone writer reserves exactly
 * what it needs and busy writers reserve rarely.
 */
public final class IndexLease {

    private final GlobalIndexAllocator allocator;
    private final int maxBlockSize;
    private final long leaseNanos;
    private final LongSupplier nanoClock;

    private boolean reserved;
    private long next = 1;
    private long last = 0;
    private long reservedAt;
    private int blockSize = 1;

    /**
     * @param allocator    the counter blocks are reserved from
     * @param maxBlockSize the most indexes reserved at once; 1 reserves exactly what each request needs
     * @param leaseNanos   how long after its reservation a block may be used
     * @param nanoClock    a monotonic clock
     */
    public IndexLease(GlobalIndexAllocator allocator, int maxBlockSize, long leaseNanos, LongSupplier nanoClock) {
        if (maxBlockSize < 1 || leaseNanos < 1) {
            throw new IllegalArgumentException("Index blocks need a positive size and lease, not " + maxBlockSize
                                                       + " and " + leaseNanos + " ns");
        }
        this.allocator = allocator;
        this.maxBlockSize = maxBlockSize;
        this.leaseNanos = leaseNanos;
        this.nanoClock = nanoClock;
    }

    /**
     * Takes {@code count} consecutive indexes, reserving a new block when the current one is too small or expired.
     *
     * @return the first index taken, and the unused rest of an abandoned block, if any
     */
    public synchronized Grant take(int count) {
        long now = nanoClock.getAsLong();
        boolean fresh = reserved && now - reservedAt < leaseNanos;
        if (fresh && last - next + 1 >= count) {
            long first = next;
            next += count;
            return new Grant(first, null);
        }
        Range abandoned = next <= last ? new Range(next, last) : null;
        int nextBlockSize = fresh ? (int) Math.min(2L * blockSize, maxBlockSize) : Math.max(1, blockSize / 2);
        int reserve = Math.max(count, nextBlockSize);
        long first = allocator.allocate(reserve);
        // only a successful reservation changes the state, so a failed one leaves the old block to expire
        reserved = true;
        blockSize = nextBlockSize;
        reservedAt = now;
        next = first + count;
        last = first + reserve - 1;
        return new Grant(first, abandoned);
    }

    /**
     * Indexes taken for one round.
     *
     * @param first     the first index of the round
     * @param abandoned the unused indexes of an expired or exhausted block, to be voided; {@code null} if none
     */
    public record Grant(long first, Range abandoned) {
    }

    /**
     * An inclusive range of global indexes.
     */
    public record Range(long first, long last) {

        public Range {
            if (last < first) {
                throw new IllegalArgumentException("Empty index range " + first + ".." + last);
            }
        }
    }
}
