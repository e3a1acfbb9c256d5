package dev.cairn.migration.internal;

import org.bson.BsonString;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How a batch of source events becomes commits: consecutive events continuing one aggregate's sequence share a commit
 * (up to a size), anything else starts a new one, and a group the source stored together is never split.
 */
class CommitPlanTest {

    private static final Instant AT = Instant.parse("2026-12-07T01:00:00.000Z");

    @Test
    void consecutiveEventsOfOneAggregateShareACommitInSourceOrder() {
        // given events of a, then b, then a again, one source document each
        CommitPlan plan = new CommitPlan();

        // when planned in source order
        for (SourceEvent event : List.of(event("a", 0), event("a", 1), event("a", 2), event("b", 0), event("a", 3),
                                         event("a", 4))) {
            plan.add(List.of(event));
        }

        // then a's run, b, and a's next run are three commits, in the source's order
        assertThat(plan.events()).isEqualTo(6);
        assertThat(plan.commits()).extracting(CommitPlanTest::keys)
                                  .containsExactly(List.of("a#0", "a#1", "a#2"), List.of("b#0"),
                                                   List.of("a#3", "a#4"));
    }

    @Test
    void aGapARepeatedSequenceNumberAndEventsOutsideAggregatesStartNewCommits() {
        // given a sequence gap, a sequence number used twice, and two events outside aggregates
        CommitPlan plan = new CommitPlan();

        // when planned
        for (SourceEvent event : List.of(event("a", 0), event("a", 2), event("a", 2), event(null, 0),
                                         event(null, 0))) {
            plan.add(List.of(event));
        }

        // then no two of them share a commit
        assertThat(plan.commits()).hasSize(5).allSatisfy(commit -> assertThat(commit).hasSize(1));
    }

    @Test
    void aSourceCommitIsNeverSplitAndJoinsOnlyWhenItContinuesTheAggregate() {
        // given source commits: a 0-1, a 2-3 (continues), then b 0 with a 4 (mixed), then a 5
        CommitPlan plan = new CommitPlan();

        // when planned
        plan.add(List.of(event("a", 0), event("a", 1)));
        plan.add(List.of(event("a", 2), event("a", 3)));
        plan.add(List.of(event("b", 0), event("a", 4)));
        plan.add(List.of(event("a", 5)));

        // then the first two are one commit, the mixed one stays whole, and a 5 continues it
        assertThat(plan.commits()).extracting(CommitPlanTest::keys)
                                  .containsExactly(List.of("a#0", "a#1", "a#2", "a#3"),
                                                   List.of("b#0", "a#4", "a#5"));
    }

    @Test
    void aJoinedCommitStopsAtItsEventAndSizeLimits() {
        // given 250 consecutive events of one aggregate, and 3 events of half the byte limit each
        CommitPlan byCount = new CommitPlan();
        for (int sequence = 0; sequence < 250; sequence++) {
            byCount.add(List.of(event("a", sequence)));
        }
        CommitPlan bySize = new CommitPlan();
        String half = "x".repeat(CommitPlan.MAX_BYTES / 2);

        // when the large ones are planned
        for (int sequence = 0; sequence < 3; sequence++) {
            bySize.add(List.of(new SourceEvent("e" + sequence, "T", "big", sequence, AT, "P", null,
                                               new BsonString(half), new BsonString("{}"))));
        }

        // then commits hold at most 100 events, and at most about the byte limit
        assertThat(byCount.commits()).extracting(List::size).containsExactly(100, 100, 50);
        assertThat(bySize.commits()).extracting(List::size).containsExactly(1, 1, 1);
    }

    private static SourceEvent event(String aggregate, long sequence) {
        String id = (aggregate == null ? "loose" : aggregate) + "-" + sequence + "-" + COUNTER[0]++;
        return new SourceEvent(id, aggregate == null ? null : "T", aggregate, sequence, AT, "P", null,
                               new BsonString("{}"), new BsonString("{}"));
    }

    private static final int[] COUNTER = {0};

    private static List<String> keys(List<SourceEvent> commit) {
        List<String> keys = new ArrayList<>();
        commit.forEach(e -> keys.add(e.aggregateIdentifier() + "#" + e.sequenceNumber()));
        return keys;
    }
}
