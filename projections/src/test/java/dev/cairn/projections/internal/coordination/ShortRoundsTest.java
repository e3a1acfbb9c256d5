package dev.cairn.projections.internal.coordination;

import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.GenericTrackedEventMessage;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.messaging.StreamableMessageSource;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A projection processor's stream ends the coordinator's round every few events (ADR 84), so that Axon's coordinator
 * starts the work packages before their queues, which it counts before every event, grow to 1,024 entries; every
 * event is still delivered, in order.
 */
class ShortRoundsTest {

    @Test
    void aRoundEndsAfterItsEventsAndTheNextQuestionGetsTheTrueAnswer() throws Exception {
        // Given a stream of five events behind rounds of two
        BlockingStream<TrackedEventMessage<?>> stream = ShortRounds.of(new ListSource(5), 2).openStream(null);

        // When a coordinator reads as Axon's does: while events are available, take one; then ask once more
        List<String> rounds = new ArrayList<>();
        for (int round = 0; round < 4; round++) {
            StringBuilder taken = new StringBuilder();
            while (stream.hasNextAvailable()) {
                taken.append(stream.nextAvailable().getPayload());
            }
            rounds.add(taken + (stream.hasNextAvailable() ? "+" : "."));
        }

        // Then each round took two events and the question after it saw more, until the stream was read to its end
        assertThat(rounds).containsExactly("01+", "23+", "4.", ".");
    }

    @Test
    void waitingQuestionsCallbacksAndTokensGoToTheStreamUnderneath() throws Exception {
        // Given a source with one event behind rounds of one event
        ListSource source = new ListSource(1);
        StreamableMessageSource<TrackedEventMessage<?>> shortRounds = ShortRounds.of(source, 1);
        BlockingStream<TrackedEventMessage<?>> stream = shortRounds.openStream(null);

        // When the event is taken, then asked for with a timeout, and a callback is registered
        stream.nextAvailable();

        // Then a question with a timeout is the stream's own answer, and so are the callback and the tokens
        assertThat(stream.hasNextAvailable(0, TimeUnit.MILLISECONDS)).isFalse();
        assertThat(stream.setOnAvailableCallback(() -> { })).isTrue();
        assertThat(shortRounds.createHeadToken()).isEqualTo(new GlobalSequenceTrackingToken(0));
        assertThat(shortRounds.createTailToken()).isNull();
        stream.close();
        assertThat(source.closed).isTrue();
    }

    @Test
    void roundsAsLongAsAxonsOwnLeaveTheSourceAsItIs() {
        // Given a source
        ListSource source = new ListSource(1);

        // When rounds of Axon's own 1,024 events, or one less, are asked for
        // Then the first is the source itself (the coordinator would not ask in between), the second is not
        assertThat(ShortRounds.of(source, ShortRounds.AXON_ROUND_EVENTS)).isSameAs(source);
        assertThat(ShortRounds.of(source, ShortRounds.AXON_ROUND_EVENTS - 1)).isInstanceOf(ShortRounds.class);
    }

    @Test
    void aRoundWithoutEventsIsRefusedNamingTheValue() {
        // Given / When / Then
        assertThatThrownBy(() -> ShortRounds.of(new ListSource(1), 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not 0");
        assertThatThrownBy(() -> ShortRounds.of(null, 10))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("source");
    }

    /** Events whose payloads are their positions, 0 to count - 1; its streams support availability callbacks. */
    private static final class ListSource implements StreamableMessageSource<TrackedEventMessage<?>> {

        private final int count;
        private boolean closed;

        ListSource(int count) {
            this.count = count;
        }

        @Override
        public BlockingStream<TrackedEventMessage<?>> openStream(TrackingToken trackingToken) {
            return new BlockingStream<>() {
                private int next;

                @Override
                public Optional<TrackedEventMessage<?>> peek() {
                    return next < count ? Optional.of(event(next)) : Optional.empty();
                }

                @Override
                public boolean hasNextAvailable(int timeout, TimeUnit unit) {
                    return next < count;
                }

                @Override
                public TrackedEventMessage<?> nextAvailable() {
                    return event(next++);
                }

                @Override
                public boolean setOnAvailableCallback(Runnable callback) {
                    return true;
                }

                @Override
                public void close() {
                    closed = true;
                }
            };
        }

        private static TrackedEventMessage<?> event(int position) {
            return new GenericTrackedEventMessage<>(new GlobalSequenceTrackingToken(position),
                                                    GenericEventMessage.asEventMessage(String.valueOf(position)));
        }

        @Override
        public TrackingToken createTailToken() {
            return null;
        }

        @Override
        public TrackingToken createHeadToken() {
            return new GlobalSequenceTrackingToken(0);
        }

        @Override
        public TrackingToken createTokenAt(Instant dateTime) {
            return null;
        }
    }
}
