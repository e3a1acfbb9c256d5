package dev.cairn.projections.internal.coordination;

import org.axonframework.common.AxonThreadFactory;

import java.util.concurrent.Callable;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * The single thread of a projection processor's coordinator, on which Axon's pooled processor schedules its rounds.
 * When every work package's buffer is full, Axon's coordinator looks again after a fixed
 * {@value #AXON_FULL_BUFFER_PAUSE_MILLIS} ms; a segment that empties its buffer (1,024 events) faster than that then
 * idles, which bounded the processor at about 10,000 events/s whatever its handlers cost (ADR 84). This executor
 * replaces that one pause by a short one; every other delay (idle rounds, claim attempts, error back-off) is kept.
 * The processor's own idle and claim delays must differ from the full-buffer pause for it to be told apart
 * ({@link #recognises(long...)}).
 */
public final class CoordinatorExecutor extends ScheduledThreadPoolExecutor {

    /** The delay Axon 4.13's coordinator uses only when no work package has room for more events. */
    public static final long AXON_FULL_BUFFER_PAUSE_MILLIS = 100;
    /** How soon Cairn's processors look again when every buffer was full (ADR 84). */
    public static final long FULL_BUFFER_RECHECK_MILLIS = 5;
    /** How soon an idle segment's token follows, and an idle coordinator's round (ADR 84). */
    public static final long IDLE_ROUND_MILLIS = 40;

    private final long fullBufferRecheckMillis;

    /**
     * @param processorName           names the thread as Axon's own coordinator executor does
     * @param fullBufferRecheckMillis how soon the coordinator looks again when every buffer was full
     */
    public CoordinatorExecutor(String processorName, long fullBufferRecheckMillis) {
        this(new AxonThreadFactory("Coordinator[" + processorName + "]"), fullBufferRecheckMillis);
    }

    /**
     * @param threads                 makes the coordinator's thread
     * @param fullBufferRecheckMillis how soon the coordinator looks again when every buffer was full
     */
    public CoordinatorExecutor(ThreadFactory threads, long fullBufferRecheckMillis) {
        super(1, threads);
        this.fullBufferRecheckMillis = fullBufferRecheckMillis;
    }

    /** @return whether none of the processor's other delays equals the full-buffer pause, so it can be recognised */
    public static boolean recognises(long... otherDelaysMillis) {
        for (long delay : otherDelaysMillis) {
            if (delay == AXON_FULL_BUFFER_PAUSE_MILLIS) {
                return false;
            }
        }
        return true;
    }

    @Override
    public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
        if (unit.toMillis(delay) == AXON_FULL_BUFFER_PAUSE_MILLIS) {
            return super.schedule(command, fullBufferRecheckMillis, TimeUnit.MILLISECONDS);
        }
        return super.schedule(command, delay, unit);
    }

    @Override
    public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
        if (unit.toMillis(delay) == AXON_FULL_BUFFER_PAUSE_MILLIS) {
            return super.schedule(callable, fullBufferRecheckMillis, TimeUnit.MILLISECONDS);
        }
        return super.schedule(callable, delay, unit);
    }
}
