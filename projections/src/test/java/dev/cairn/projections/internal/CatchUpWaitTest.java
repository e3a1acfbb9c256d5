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
    private final AtomicInteger consumedStores = new AtomicInteger();

    @Test
    void whileALocalSegmentIsBehindStorageIsReadOnlyNowAndThen() throws InterruptedException {
        // Given storage that never shows the position, and a local segment that has not consumed it
        Map<Integer, EventTrackerStatus> local = Map.of(0, status(0, 40), 1, status(1, POSITION));

        // When waiting 500 ms
        boolean caughtUp = new CatchUpWait(this::neverCaughtUp, () -> local, this::storeConsumed, POSITION)
                .await(Duration.ofMillis(500));

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
        boolean caughtUp = new CatchUpWait(this::neverCaughtUp, () -> local, this::storeConsumed, POSITION)
                .await(Duration.ofMillis(500));

        // Then storage was polled all along
        assertThat(caughtUp).isFalse();
        assertThat(storedReads.get()).isGreaterThan(20);
    }

    @Test
    void aLocalSegmentListingThePositionAsAGapIsBehind() throws InterruptedException {
        // Given a local segment past the position that has not seen the event at it yet
        Map<Integer, EventTrackerStatus> local = Map.of(
                0, new TrackerStatus(segment(0), GapAwareTrackingToken.newInstance(POSITION + 3, List.of(POSITION))));

        // When waiting for the position for 300 ms
        new CatchUpWait(this::neverCaughtUp, () -> local, this::storeConsumed, POSITION).await(Duration.ofMillis(300));

        // Then the segment counted as behind: storage was read every 100 ms at most, not every 5 ms
        assertThat(storedReads.get()).isBetween(1, 5);
    }

    @Test
    void storageIsReadSoonAfterTheLocalSegmentConsumedThePosition() throws InterruptedException {
        // Given a local segment behind, and storage that shows the position once the segment consumed it
        AtomicReference<Map<Integer, EventTrackerStatus>> local = new AtomicReference<>(Map.of(0, status(0, 10)));
        AtomicInteger readsBehind = new AtomicInteger();
        CatchUpWait wait = new CatchUpWait(() -> {
            storedReads.incrementAndGet();
            return local.get().get(0).getTrackingToken().position().orElse(0) >= POSITION;
        }, local::get, this::storeConsumed, POSITION);
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

    @Test
    void whenTheLocalSegmentsConsumedThePositionTheirTokensAreStoredAtOnce() throws InterruptedException {
        // Given local segments past the position, and storage showing it only once their consumed tokens are stored
        // (one segment's last events were the other's: its token waits for the processor's idle round)
        Map<Integer, EventTrackerStatus> local = Map.of(0, status(0, POSITION), 1, status(1, POSITION + 2));
        CatchUpWait wait = new CatchUpWait(() -> {
            storedReads.incrementAndGet();
            return consumedStores.get() > 0;
        }, () -> local, this::storeConsumed, POSITION);

        // When waiting
        boolean caughtUp = wait.await(Duration.ofSeconds(10));

        // Then the consumed tokens were stored once, and the next read of storage showed the position
        assertThat(caughtUp).isTrue();
        assertThat(consumedStores).hasValue(1);
        assertThat(storedReads).hasValue(2);
    }

    @Test
    void consumedTokensAreNotStoredWhileALocalSegmentIsBehindOrNoneRunsHere() throws InterruptedException {
        // Given storage that never shows the position
        // When waiting with a local segment behind, and then with no local segment at all
        new CatchUpWait(this::neverCaughtUp, () -> Map.of(0, status(0, 40)), this::storeConsumed, POSITION)
                .await(Duration.ofMillis(150));
        new CatchUpWait(this::neverCaughtUp, Map::of, this::storeConsumed, POSITION).await(Duration.ofMillis(150));

        // Then nothing was stored for the wait
        assertThat(consumedStores).hasValue(0);
    }

    @Test
    void aFailedStoreOfTheConsumedTokensLeavesStorageTheJudge() throws InterruptedException {
        // Given local segments past the position whose claim went to another node (the store fails), and storage
        // that shows the position after a few reads (the other node stored it)
        Map<Integer, EventTrackerStatus> local = Map.of(0, status(0, POSITION));
        CatchUpWait wait = new CatchUpWait(() -> storedReads.incrementAndGet() >= 4, () -> local, () -> {
            consumedStores.incrementAndGet();
            throw new IllegalStateException("claim lost");
        }, POSITION);

        // When waiting
        boolean caughtUp = wait.await(Duration.ofSeconds(10));

        // Then the wait went on polling storage and ended caught up
        assertThat(caughtUp).isTrue();
        assertThat(storedReads).hasValue(4);
        assertThat(consumedStores.get()).isBetween(1, 3);
    }

    private void storeConsumed() {
        consumedStores.incrementAndGet();
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
