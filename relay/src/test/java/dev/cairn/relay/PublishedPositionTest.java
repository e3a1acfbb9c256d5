package dev.cairn.relay;

import dev.cairn.relay.internal.PublishedPosition;
import dev.cairn.relay.internal.SegmentRef;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The rules of the positions topic: what a record says was published, joining records, and whom a new owner fences. */
class PublishedPositionTest {

    @Test
    void aPositionCoversTheEventsOfItsSegmentItSawAndNoOthers() {
        // Given segment 1 of 2 published up to 10, 7 not yet seen
        PublishedPosition position = new PublishedPosition(1, 1, 10, Set.of(7L));

        // Then an event of segment 1 at 9 was published, at 7 or 11 not, and an event of segment 0 never
        assertThat(position.covers(3, 9, Set.of(7L))).isTrue();
        assertThat(position.covers(3, 7, Set.of())).isFalse();
        assertThat(position.covers(3, 11, Set.of())).isFalse();
        assertThat(position.covers(2, 9, Set.of(7L))).isFalse();
        // and an event whose token had seen 7 is not judged by a position that had not
        assertThat(position.covers(3, 9, Set.of())).isFalse();
    }

    @Test
    void aLowerPositionJoinedWithAnEarlierHigherOneKeepsWhatTheEarlierSaid() {
        // Given an earlier owner published up to 33, and a new owner behind it stores 32
        PublishedPosition earlier = new PublishedPosition(0, 1, 33, Set.of());
        PublishedPosition later = new PublishedPosition(0, 1, 32, Set.of(30L));

        // When they are joined
        PublishedPosition joined = later.merge(earlier);

        // Then 33 and 30 still count as published
        assertThat(joined.index()).isEqualTo(33);
        assertThat(joined.gaps()).isEmpty();
        assertThat(joined.covers(0, 33, Set.of())).isTrue();
        assertThat(new PublishedPosition(0, 1, 40, Set.of(35L, 20L)).merge(new PublishedPosition(0, 1, 30, Set.of(20L)))
                           .gaps()).containsExactlyInAnyOrder(35L, 20L);
    }

    @Test
    void aNewOwnerFencesTheAncestorsAndDescendantsOfItsSegmentUpToTheMostSegments() {
        // Given segment 1 of 2 (mask 1) and at most 8 segments
        // When the segments to fence are listed
        // Then they are its ancestor 0/0, its descendants under masks 3 and 7, and itself last
        assertThat(PublishedPosition.overlapping(new SegmentRef(1, 1), 8)).containsExactly(
                new SegmentRef(0, 0), new SegmentRef(1, 3), new SegmentRef(3, 3), new SegmentRef(1, 7),
                new SegmentRef(3, 7), new SegmentRef(5, 7), new SegmentRef(7, 7), new SegmentRef(1, 1));
    }

    @Test
    void aPositionRecordReadsBackAsWritten() {
        // Given a position with gaps
        PublishedPosition position = new PublishedPosition(2, 3, 99, Set.of(97L, 90L));

        // When written and read back
        // Then it is the same
        assertThat(PublishedPosition.parse(position.key(), position.toJson())).isEqualTo(position);
    }
}
