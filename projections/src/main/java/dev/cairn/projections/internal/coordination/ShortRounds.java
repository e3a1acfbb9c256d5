package dev.cairn.projections.internal.coordination;

import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.messaging.StreamableMessageSource;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A projection processor's source whose streams end the coordinator's round every {@code roundEvents} events.
 * <p>
 * Axon 4.13's pooled coordinator offers up to 1,024 events per round to every work package and only then starts the
 * packages' workers; before each event it checks every package's capacity by counting its queue
 * ({@code ConcurrentLinkedQueue.size()}, a walk of the whole queue). Queues therefore grow to the round's size before
 * anything drains them, and the counting grows with them: it was two thirds of the coordinator's time in a catch-up
 * (ADR 84). After {@code roundEvents} events the stream answers "nothing available now" once, which ends the round:
 * the coordinator starts the workers, asks again (the true answer this time) and goes on at once. Only that one
 * answer changes: every event is still delivered, in order, exactly as the stream underneath delivers it. (Should a round end because every buffer was full just as its last event was handed out,
 * the next round's first question gets the "nothing now" instead; Axon may then mark idle segments caught up in its
 * own status a little early, which Cairn's status does not read: it compares tokens with the head.)
 */
public final class ShortRounds implements StreamableMessageSource<TrackedEventMessage<?>> {

    /** The most events Axon 4.13's pooled coordinator offers in one round. */
    public static final int AXON_ROUND_EVENTS = 1_024;

    private final StreamableMessageSource<TrackedEventMessage<?>> delegate;
    private final int roundEvents;

    private ShortRounds(StreamableMessageSource<TrackedEventMessage<?>> delegate, int roundEvents) {
        this.delegate = delegate;
        this.roundEvents = roundEvents;
    }

    /**
     * @param source      the source underneath
     * @param roundEvents events per coordinator round; at least 1
     * @return {@code source} with streams that end a round every {@code roundEvents} events; {@code source} itself
     * when {@code roundEvents} is not below Axon's own limit of {@value #AXON_ROUND_EVENTS} events per round (the
     * coordinator would not ask in between, and the round's last question would be answered "none")
     * @throws IllegalArgumentException naming the value when {@code roundEvents} is not positive or the source null
     */
    public static StreamableMessageSource<TrackedEventMessage<?>> of(
            StreamableMessageSource<TrackedEventMessage<?>> source, int roundEvents) {
        if (source == null) {
            throw new IllegalArgumentException("The source of a processor with short rounds may not be null");
        }
        if (roundEvents < 1) {
            throw new IllegalArgumentException("A coordinator round needs at least one event, not " + roundEvents);
        }
        return roundEvents >= AXON_ROUND_EVENTS ? source : new ShortRounds(source, roundEvents);
    }

    /** @return the events per round */
    public int roundEvents() {
        return roundEvents;
    }

    @Override
    public BlockingStream<TrackedEventMessage<?>> openStream(TrackingToken trackingToken) {
        return new RoundStream(delegate.openStream(trackingToken), roundEvents);
    }

    @Override
    public TrackingToken createTailToken() {
        return delegate.createTailToken();
    }

    @Override
    public TrackingToken createHeadToken() {
        return delegate.createHeadToken();
    }

    @Override
    public TrackingToken createTokenAt(Instant dateTime) {
        return delegate.createTokenAt(dateTime);
    }

    @Override
    public TrackingToken createTokenSince(Duration duration) {
        return delegate.createTokenSince(duration);
    }

    /** Used by the coordinator's thread only, as Axon's streams are. */
    static final class RoundStream implements BlockingStream<TrackedEventMessage<?>> {

        private final BlockingStream<TrackedEventMessage<?>> delegate;
        private final int roundEvents;
        private int handedOut;

        RoundStream(BlockingStream<TrackedEventMessage<?>> delegate, int roundEvents) {
            this.delegate = delegate;
            this.roundEvents = roundEvents;
        }

        @Override
        public boolean hasNextAvailable() {
            if (handedOut >= roundEvents) {
                handedOut = 0; // ends this round; the next question gets the true answer
                return false;
            }
            return delegate.hasNextAvailable();
        }

        @Override
        public boolean hasNextAvailable(int timeout, TimeUnit unit) throws InterruptedException {
            return delegate.hasNextAvailable(timeout, unit);
        }

        @Override
        public TrackedEventMessage<?> nextAvailable() throws InterruptedException {
            TrackedEventMessage<?> next = delegate.nextAvailable();
            handedOut++;
            return next;
        }

        @Override
        public Optional<TrackedEventMessage<?>> peek() {
            return delegate.peek();
        }

        @Override
        public boolean setOnAvailableCallback(Runnable callback) {
            return delegate.setOnAvailableCallback(callback);
        }

        @Override
        public void skipMessagesWithPayloadTypeOf(TrackedEventMessage<?> ignoredMessage) {
            delegate.skipMessagesWithPayloadTypeOf(ignoredMessage);
        }

        @Override
        public void close() {
            delegate.close();
        }
    }
}
