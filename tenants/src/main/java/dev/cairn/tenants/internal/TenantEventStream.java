package dev.cairn.tenants.internal;

import dev.cairn.tenants.TenantStreamsToken;
import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.messaging.StreamableMessageSource;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * One stream over every running tenant's events (ADR 85), each tenant read by a {@link TenantReader} of its own and
 * taken in turn, so one busy tenant does not starve the others. Each event carries the token of everything consumed
 * so far, advanced for its own tenant. The set of tenants is looked up again every {@value #REFRESH_MILLIS} ms: a
 * tenant that started since joins at the position the token holds for it (its first event when it holds none); a
 * tenant that stopped stops contributing, and events read ahead for it are dropped (its token entry stays where the
 * processor consumed it).
 */
public final class TenantEventStream implements BlockingStream<TrackedEventMessage<?>> {

    static final long REFRESH_MILLIS = 100;
    private static final long LONGEST_WAIT_MILLIS = 50;

    private final Supplier<Map<String, StreamableMessageSource<TrackedEventMessage<?>>>> sources;
    private final Consumer<TenantEventStream> onClose;
    private final Map<String, TenantReader> readers = new LinkedHashMap<>();
    private final Object signal = new Object();
    private TenantStreamsToken token;
    private TrackedEventMessage<?> peeked;
    private int turn;
    private long refreshedAt;
    private volatile boolean closed;

    public TenantEventStream(Supplier<Map<String, StreamableMessageSource<TrackedEventMessage<?>>>> sources,
                             TenantStreamsToken from, Consumer<TenantEventStream> onClose) {
        this.sources = sources;
        this.token = from;
        this.onClose = onClose;
        refresh();
    }

    /** @return each tenant read by this stream whose last read failed, with the error */
    public Map<String, String> stalled() {
        Map<String, String> stalled = new HashMap<>();
        synchronized (readers) {
            readers.values().forEach(reader -> {
                String error = reader.lastError();
                if (error != null) {
                    stalled.put(reader.tenantId(), error);
                }
            });
        }
        return stalled;
    }

    @Override
    public Optional<TrackedEventMessage<?>> peek() {
        if (peeked == null) {
            peeked = take();
        }
        return Optional.ofNullable(peeked);
    }

    @Override
    public boolean hasNextAvailable(int timeout, TimeUnit unit) throws InterruptedException {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        while (peek().isEmpty()) {
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (left <= 0 || closed) {
                return false;
            }
            awaitSignal(Math.min(left, LONGEST_WAIT_MILLIS));
        }
        return true;
    }

    @Override
    public TrackedEventMessage<?> nextAvailable() throws InterruptedException {
        while (peek().isEmpty()) {
            if (closed) {
                throw new IllegalStateException("The cross-tenant stream is closed");
            }
            awaitSignal(LONGEST_WAIT_MILLIS);
        }
        TrackedEventMessage<?> next = peeked;
        peeked = null;
        return next;
    }

    @Override
    public void close() {
        closed = true;
        synchronized (readers) {
            readers.values().forEach(TenantReader::stop);
            readers.clear();
        }
        onClose.accept(this);
    }

    private TrackedEventMessage<?> take() {
        if (System.nanoTime() - refreshedAt > TimeUnit.MILLISECONDS.toNanos(REFRESH_MILLIS)) {
            refresh();
        }
        List<TenantReader> inTurn;
        synchronized (readers) {
            inTurn = new ArrayList<>(readers.values());
        }
        for (int i = 0; i < inTurn.size(); i++) {
            TenantReader reader = inTurn.get((turn + i) % inTurn.size());
            TrackedEventMessage<?> event = reader.poll();
            if (event != null) {
                turn = (turn + i + 1) % inTurn.size();
                token = token.advancedTo(reader.tenantId(), event.trackingToken());
                return event.withTrackingToken(token);
            }
        }
        return null;
    }

    private void refresh() {
        refreshedAt = System.nanoTime();
        if (closed) {
            return;
        }
        Map<String, StreamableMessageSource<TrackedEventMessage<?>>> now = sources.get();
        synchronized (readers) {
            readers.values().removeIf(reader -> {
                boolean gone = now.get(reader.tenantId()) != reader.source();
                if (gone) {
                    // removed, or restarted with a new application: what it read ahead was never consumed
                    reader.stop();
                }
                return gone;
            });
            now.forEach((tenant, source) -> readers.computeIfAbsent(
                    tenant, t -> new TenantReader(t, source, token.position(t), this::signal)));
        }
    }

    private void signal() {
        synchronized (signal) {
            signal.notifyAll();
        }
    }

    private void awaitSignal(long millis) throws InterruptedException {
        synchronized (signal) {
            if (!anyQueued()) {
                signal.wait(millis);
            }
        }
    }

    private boolean anyQueued() {
        synchronized (readers) {
            return readers.values().stream().anyMatch(TenantReader::hasQueued);
        }
    }
}
