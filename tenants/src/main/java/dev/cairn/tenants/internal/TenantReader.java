package dev.cairn.tenants.internal;

import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.messaging.StreamableMessageSource;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Reads one tenant's stream on a thread of its own into a bounded queue, so that a tenant whose MongoDB does not
 * answer holds up its own reader only: the other tenants' events keep flowing (ADR 85). A read that fails marks the
 * tenant stalled with the error, and the reader reopens its stream where it stopped after a growing pause. An event
 * store's stream may find nothing rather than fail while its database is away, so an idle reader asks the store for its
 * head every {@value #PROBE_MILLIS} ms.
 */
final class TenantReader {

    /** Events read ahead per tenant and stream: enough for a batch, small enough for many tenants. */
    static final int READ_AHEAD = 1_024;
    private static final long POLL_MILLIS = 200;
    /** How often an idle reader asks its tenant's store for its head, to tell "no events" from "no answer". */
    static final long PROBE_MILLIS = 1_000;
    private static final long FIRST_PAUSE_MILLIS = 100;
    private static final long LONGEST_PAUSE_MILLIS = 5_000;

    private final String tenantId;
    private final StreamableMessageSource<TrackedEventMessage<?>> source;
    private final Runnable signal;
    private final BlockingQueue<TrackedEventMessage<?>> queue = new ArrayBlockingQueue<>(READ_AHEAD);
    private final Thread thread;
    private volatile TrackingToken position;
    private volatile boolean stopped;
    private volatile String lastError;

    /**
     * @param from   the tenant's position to read after, {@code null} for its first event
     * @param signal run whenever an event was queued or the stream failed
     */
    TenantReader(String tenantId, StreamableMessageSource<TrackedEventMessage<?>> source, TrackingToken from,
                 Runnable signal) {
        this.tenantId = tenantId;
        this.source = source;
        this.position = from;
        this.signal = signal;
        this.thread = new Thread(this::run, "cairn-tenant-stream-" + tenantId);
        thread.setDaemon(true);
        thread.start();
    }

    String tenantId() {
        return tenantId;
    }

    StreamableMessageSource<TrackedEventMessage<?>> source() {
        return source;
    }

    /** @return the next event read, or {@code null} when none is waiting */
    TrackedEventMessage<?> poll() {
        return queue.poll();
    }

    boolean hasQueued() {
        return !queue.isEmpty();
    }

    /** @return the error of the last failed read while the tenant's stream has not read again since, else null */
    String lastError() {
        return lastError;
    }

    /** Stops reading; the thread ends within its poll interval. */
    void stop() {
        stopped = true;
    }

    private void run() {
        long pause = FIRST_PAUSE_MILLIS;
        while (!stopped) {
            BlockingStream<TrackedEventMessage<?>> stream = null;
            try {
                stream = source.openStream(position);
                long probedAt = System.nanoTime();
                while (!stopped) {
                    if (stream.hasNextAvailable((int) POLL_MILLIS, TimeUnit.MILLISECONDS)) {
                        enqueue(stream.nextAvailable());
                        probedAt = System.nanoTime();
                    } else if (System.nanoTime() - probedAt > TimeUnit.MILLISECONDS.toNanos(PROBE_MILLIS)) {
                        // an event store's stream may only find nothing while its database does not answer
                        source.createHeadToken();
                        probedAt = System.nanoTime();
                    } else {
                        continue;
                    }
                    lastError = null;
                    pause = FIRST_PAUSE_MILLIS;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                // the tenant's database does not answer, or its application stopped: only this tenant's stream stalls
                lastError = e.getClass().getSimpleName() + ": " + e.getMessage();
                signal.run();
                if (!sleep(pause)) {
                    return;
                }
                pause = Math.min(pause * 2, LONGEST_PAUSE_MILLIS);
            } finally {
                if (stream != null) {
                    closeQuietly(stream);
                }
            }
        }
    }

    private void enqueue(TrackedEventMessage<?> event) throws InterruptedException {
        while (!queue.offer(event, POLL_MILLIS, TimeUnit.MILLISECONDS)) {
            if (stopped) {
                return;
            }
        }
        position = event.trackingToken();
        signal.run();
    }

    private boolean sleep(long millis) {
        try {
            Thread.sleep(millis);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void closeQuietly(BlockingStream<?> stream) {
        try {
            stream.close();
        } catch (RuntimeException ignored) {
            // the stream of a stopped application or an unreachable database may fail to close; nothing is left open
        }
    }
}
