package dev.cairn.projections.internal;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A node takes beyond its share the segments it saw released for {@code adoptAfter} without a break, keeps what it
 * holds above its share for {@code keepFor} after the last such orphan, and never counts what it saw before a long
 * gap or a pause.
 */
class OrphanAdoptionTest {

    private static final Duration ADOPT_AFTER = Duration.ofSeconds(1);
    private static final Duration KEEP_FOR = Duration.ofSeconds(2);

    private long now = 1_000_000_000L;
    private final OrphanAdoption adoption = new OrphanAdoption(ADOPT_AFTER, KEEP_FOR, () -> now);

    @Test
    void aSegmentReleasedForLongerThanAdoptAfterIsAdoptedBeyondTheShare() {
        // Given segment 0 released, segment 1 held here, a share of one
        Map<Integer, String> segments = segments(null, "node-a");

        // When looking every half second
        int first = adoption.extra(segments, "node-a", 1);
        int halfway = later(500, segments, 1);
        int after = later(500, segments, 1);

        // Then segment 0 is adopted only once it stayed released for a second
        assertThat(first).isZero();
        assertThat(halfway).isZero();
        assertThat(after).isEqualTo(1);
    }

    @Test
    void aSegmentClaimedInBetweenStartsAgain() {
        // Given segment 0 released, then claimed by node-b, then released again
        adoption.extra(segments(null, "node-a"), "node-a", 1);
        later(600, segments("node-b", "node-a"), 1);
        int releasedAgain = later(600, segments(null, "node-a"), 1);

        // When it stays released for another second
        int oneSecondLater = later(1_000, segments(null, "node-a"), 1);

        // Then only the second stretch counted
        assertThat(releasedAgain).isZero();
        assertThat(oneSecondLater).isEqualTo(1);
    }

    @Test
    void adoptedSegmentsAreKeptForKeepForAfterTheLastOrphanThenGivenBack() {
        // Given segment 0 adopted: released for a second, then held here beside segment 1
        adoption.extra(segments(null, "node-a"), "node-a", 1);
        assertThat(later(1_000, segments(null, "node-a"), 1)).isEqualTo(1);

        // When this node holds both, with no orphan left
        int soon = later(500, segments("node-a", "node-a"), 1);
        int beforeKeepForPassed = later(1_000, segments("node-a", "node-a"), 1);
        int afterKeepForPassed = later(600, segments("node-a", "node-a"), 1);

        // Then the extra segment is kept for two seconds after the orphan was last seen, then given back
        assertThat(soon).isEqualTo(1);
        assertThat(beforeKeepForPassed).isEqualTo(1);
        assertThat(afterKeepForPassed).isZero();
    }

    @Test
    void whatWasSeenBeforeAGapLongerThanAdoptAfterIsForgotten() {
        // Given segment 0 seen released
        adoption.extra(segments(null, "node-a"), "node-a", 1);

        // When the next look comes two seconds later (the processor was stopped), and another one a second after
        int afterTheGap = later(2_000, segments(null, "node-a"), 1);
        int aSecondLater = later(1_000, segments(null, "node-a"), 1);

        // Then the release is counted from the look after the gap
        assertThat(afterTheGap).isZero();
        assertThat(aSecondLater).isEqualTo(1);
    }

    @Test
    void aResetForgetsWhatWasSeenReleased() {
        // Given segment 0 seen released for half a second
        adoption.extra(segments(null, "node-a"), "node-a", 1);
        later(500, segments(null, "node-a"), 1);

        // When the projection was paused in between
        adoption.reset();
        int justAfter = later(600, segments(null, "node-a"), 1);

        // Then the earlier half second does not count
        assertThat(justAfter).isZero();
    }

    @Test
    void noMoreThanEverySegmentIsEverAllowed() {
        // Given a lone node whose share is both segments, both released for long
        adoption.extra(segments(null, null), "node-a", 2);

        // When looking a second later
        int extra = later(1_000, segments(null, null), 2);

        // Then it may hold both, no more
        assertThat(extra).isZero();
    }

    private int later(long millis, Map<Integer, String> segments, int share) {
        now += Duration.ofMillis(millis).toNanos();
        return adoption.extra(segments, "node-a", share);
    }

    /** @return segments 0, 1, ... with the given owners ({@code null}: released) */
    private static Map<Integer, String> segments(String... owners) {
        Map<Integer, String> segments = new HashMap<>();
        for (int segment = 0; segment < owners.length; segment++) {
            segments.put(segment, owners[segment]);
        }
        return segments;
    }
}
