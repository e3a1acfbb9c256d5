package dev.cairn.processing;

import dev.cairn.eventstore.mongo.CommitDoorbell;
import org.axonframework.common.Registration;
import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.StreamableMessageSource;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;

import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.TimeUnit;

/**
 * The event store as a projection processor's source, with streams that tell the processor when this node has
 * committed new events. Axon's pooled processor otherwise polls an idle stream every half second; with the callback it
 * wakes at once. The event store's reader fetches committed events asynchronously, so the first check for events after
 * a notification waits briefly for them instead of answering "none" and sleeping until the next round. Only that one
 * check waits: once a stream found events after a notification, or waited for it in vain, it answers at once again, so
 * a processor whose events are all handled does not block its rounds (and its idle segments' token stores) for a
 * while after every commit.
 * <p>
 * Cairn's projections use one per application; other streaming processors (sagas, for example) use it through
 * {@link #on(EventStore)} to react to this node's commands at once. Given a {@link CommitDoorbell}
 * ({@link #on(EventStore, CommitDoorbell)}), other nodes' commits wake the streams too (ADR 83): a ring makes a
 * {@link WakeableEventStore}'s reader fetch at once and wakes the processors as a local commit does; without a
 * doorbell, or while its change stream is down, other nodes' events are found by polling.
 */
public final class NotifyingEventSource implements StreamableMessageSource<TrackedEventMessage<?>>, AutoCloseable {

    private static final long NOTIFICATION_GRACE_NANOS = TimeUnit.MILLISECONDS.toNanos(200);
    private static final int GRACE_WAIT_MILLIS = 50;

    private final EventStore eventStore;
    private final Set<Runnable> callbacks = new CopyOnWriteArraySet<>();
    private final Registration subscription;
    private final Registration doorbellSubscription;
    private volatile long lastCommit = System.nanoTime() - 2 * NOTIFICATION_GRACE_NANOS;

    /** @return a source on {@code eventStore} whose streams wake when this node commits events; close it when done */
    public static NotifyingEventSource on(EventStore eventStore) {
        return new NotifyingEventSource(eventStore, null);
    }

    /**
     * @return a source on {@code eventStore} whose streams wake when any process commits events, as
     * {@code doorbell} tells; close it when done
     */
    public static NotifyingEventSource on(EventStore eventStore, CommitDoorbell doorbell) {
        if (doorbell == null) {
            throw new IllegalArgumentException("The commit doorbell may not be null; use on(EventStore) without one");
        }
        return new NotifyingEventSource(eventStore, doorbell);
    }

    private NotifyingEventSource(EventStore eventStore, CommitDoorbell doorbell) {
        this.eventStore = eventStore;
        this.doorbellSubscription = doorbell == null ? () -> true : doorbell.subscribe(this::rang);
        // published events are visible to readers once the publishing unit of work has committed
        this.subscription = eventStore.subscribe(events -> {
            if (CurrentUnitOfWork.isStarted()) {
                CurrentUnitOfWork.get().afterCommit(u -> committed());
            } else {
                committed();
            }
        });
    }

    /** Stops listening to the event store. */
    @Override
    public void close() {
        doorbellSubscription.cancel();
        subscription.cancel();
        callbacks.clear();
    }

    /** Another process may have committed: the reader fetches now, then the processors look as after a commit. */
    private void rang() {
        if (eventStore instanceof WakeableEventStore wakeable) {
            wakeable.fetchNow();
        }
        committed();
    }

    private void committed() {
        lastCommit = System.nanoTime();
        callbacks.forEach(Runnable::run);
    }

    @Override
    public BlockingStream<TrackedEventMessage<?>> openStream(TrackingToken trackingToken) {
        return new NotifyingStream(eventStore.openStream(trackingToken));
    }

    @Override
    public TrackingToken createTailToken() {
        return eventStore.createTailToken();
    }

    @Override
    public TrackingToken createHeadToken() {
        return eventStore.createHeadToken();
    }

    @Override
    public TrackingToken createTokenAt(Instant dateTime) {
        return eventStore.createTokenAt(dateTime);
    }

    private final class NotifyingStream implements BlockingStream<TrackedEventMessage<?>> {

        private final BlockingStream<TrackedEventMessage<?>> delegate;
        private volatile Runnable callback;
        /** The last commit this stream found events after, or waited for; a later commit may be worth a wait. */
        private long answeredCommit = lastCommit;

        private NotifyingStream(BlockingStream<TrackedEventMessage<?>> delegate) {
            this.delegate = delegate;
        }

        @Override
        public boolean hasNextAvailable() {
            try {
                long commit = lastCommit;
                boolean unanswered = commit != answeredCommit
                        && System.nanoTime() - commit < NOTIFICATION_GRACE_NANOS;
                boolean available = delegate.hasNextAvailable(unanswered ? GRACE_WAIT_MILLIS : 0,
                                                              TimeUnit.MILLISECONDS);
                if (available || unanswered) {
                    answeredCommit = commit;
                }
                return available;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }

        @Override
        public boolean setOnAvailableCallback(Runnable callback) {
            Runnable previous = this.callback;
            if (previous != null) {
                callbacks.remove(previous);
            }
            this.callback = callback;
            callbacks.add(callback);
            return true;
        }

        @Override
        public Optional<TrackedEventMessage<?>> peek() {
            return delegate.peek();
        }

        @Override
        public boolean hasNextAvailable(int timeout, TimeUnit unit) throws InterruptedException {
            return delegate.hasNextAvailable(timeout, unit);
        }

        @Override
        public TrackedEventMessage<?> nextAvailable() throws InterruptedException {
            return delegate.nextAvailable();
        }

        @Override
        public void skipMessagesWithPayloadTypeOf(TrackedEventMessage<?> ignoredMessage) {
            delegate.skipMessagesWithPayloadTypeOf(ignoredMessage);
        }

        @Override
        public void close() {
            Runnable current = callback;
            if (current != null) {
                callbacks.remove(current);
            }
            delegate.close();
        }
    }
}
