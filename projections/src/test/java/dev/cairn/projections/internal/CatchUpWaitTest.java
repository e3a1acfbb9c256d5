package dev.cairn.projections.internal;

import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.Segment;
import org.axonframework.eventhandling.TrackerStatus;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Waiting for a projection reads storage every few milliseconds, except while a segment held in this process has not
 * consumed the position: then no stored token can show it, and storage is read only now and then.
 */
class CatchUpWaitTest {

    private static final long POSITION = 100;

    private final AtomicInteger storedReads = new AtomicInteger();

    @Test
    void whileALocalSegmentIsBehindStorageIsReadOnlyNowAndThen() throws InterruptedException {
        // Given storage that never shows the position, and a local segment that has not consumed it
        Map<Integer, EventTrackerStatus> local = Map.of(0, status(0, 40), 1, status(1, POSITION));

        // When waiting 500 ms
        boolean caughtUp = new CatchUpWait(this::neverCaughtUp, () -> local, POSITION).await(Duration.ofMillis(500));

        // Then the wait timed out having read storage about every 100 ms, not every 5 ms
        assertThat(caughtUp).isFalse();
        assertThat(storedReads.get()).isBetween(2, 8);
    }

    @Test
    void withoutALocalSegmentBehindStorageIsPolled() throws InterruptedException {
        // Given storage that never shows the position; locally, one segment consumed it and one is in error
        Map<Integer, EventTrackerStatus> local = Map.of(
                0, status(0, POSITION + 5),
                1, new TrackerStatus(segment(1), false, token(3), new IllegalStateException("failing")));

        // When waiting 500 ms
        boolean caughtUp = new CatchUpWait(this::neverCaughtUp, () -> local, POSITION).await(Duration.ofMillis(500));

        // Then storage was polled all along
        assertThat(caughtUp).isFalse();
        assertThat(storedReads.get()).isGreaterThan(20);
    }

    @Test
    void aLocalSegmentListingThePositionAsAGapIsBehind() {
        // Given a local segment past the position that has not seen the event at it yet
        Map<Integer, EventTrackerStatus> local = Map.of(
                0, new TrackerStatus(segment(0), GapAwareTrackingToken.newInstance(POSITION + 3, List.of(POSITION))));

        // Then it is behind
        assertThat(new CatchUpWait(this::neverCaughtUp, () -> local, POSITION).locallyBehind()).isTrue();
    }

    @Test
    void storageIsReadSoonAfterTheLocalSegmentConsumedThePosition() throws InterruptedException {
        // Given a local segment behind, and storage that shows the position once the segment consumed it
        AtomicReference<Map<Integer, EventTrackerStatus>> local = new AtomicReference<>(Map.of(0, status(0, 10)));
        AtomicInteger readsBehind = new AtomicInteger();
        CatchUpWait wait = new CatchUpWait(() -> {
            storedReads.incrementAndGet();
            return local.get().get(0).getTrackingToken().position().orElse(0) >= POSITION;
        }, local::get, POSITION);
        Thread consumer = new Thread(() -> {
            try {
                Thread.sleep(150);
                readsBehind.set(storedReads.get());
                local.set(Map.of(0, status(0, POSITION)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });

        // When the segment consumes the position while a waiter waits up to 10 s
        consumer.start();
        boolean caughtUp = wait.await(Duration.ofSeconds(10));
        consumer.join();

        // Then the wait ends caught up, with storage read a few times before and once or twice after
        assertThat(caughtUp).isTrue();
        assertThat(readsBehind.get()).isBetween(1, 4);
        assertThat(storedReads.get() - readsBehind.get()).isBetween(1, 2);
    }

    private boolean neverCaughtUp() {
        storedReads.incrementAndGet();
        return false;
    }

    private static EventTrackerStatus status(int segment, long index) {
        return new TrackerStatus(segment(segment), token(index));
    }

    private static GapAwareTrackingToken token(long index) {
        return GapAwareTrackingToken.newInstance(index, List.of());
    }

    private static Segment segment(int id) {
        return Segment.computeSegment(id, 0, 1);
    }
}
