package dev.cairn.eventstore.mongo.internal;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * A round waits for the writers of recent rounds, within its bounds, and never for a writer that is alone.
 */
class RoundQueueTest {

    private static final long LONG = Duration.ofSeconds(20).toNanos();

    @Test
    void aLoneWritersRoundNeverWaits() {
        // given rounds of one commit each, and a clock that never moves (any wait would never end)
        RoundQueue<String> queue = new RoundQueue<>(LONG, () -> 0L);
        queue.roundWritten(1, LONG);
        queue.add("a");

        // when / then
        List<String> round = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> queue.gather(10));
        assertThat(round).containsExactly("a");
    }

    @Test
    void aRoundWaitsForTheWritersOfARecentLargerRound() throws Exception {
        // given a recent round of three commits and one commit queued so far
        RoundQueue<String> queue = new RoundQueue<>(LONG, System::nanoTime);
        queue.roundWritten(3, LONG);
        queue.add("a");

        // when the round is gathered while two more writers queue a little later
        CompletableFuture<List<String>> round = CompletableFuture.supplyAsync(() -> queue.gather(10));
        TimeUnit.MILLISECONDS.sleep(50);
        queue.add("b");
        queue.add("c");

        // then the round holds all three
        assertThat(round.get(10, TimeUnit.SECONDS)).containsExactly("a", "b", "c");
    }

    @Test
    void theWaitEndsAtItsCapWhenNobodyComes() {
        // given a recent round of three, a cap of 20 ms and one commit queued
        RoundQueue<String> queue = new RoundQueue<>(Duration.ofMillis(20).toNanos(), System::nanoTime);
        queue.roundWritten(3, LONG);
        queue.add("a");

        // when / then the round is written with what is there
        List<String> round = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> queue.gather(10));
        assertThat(round).containsExactly("a");
    }

    @Test
    void aRoundTakesAtMostTheMaximumAndLeavesTheRestQueued() {
        // given
        RoundQueue<String> queue = new RoundQueue<>(0, System::nanoTime);
        List.of("a", "b", "c").forEach(queue::add);

        // when
        List<String> first = queue.gather(2);
        List<String> second = queue.gather(2);

        // then
        assertThat(first).containsExactly("a", "b");
        assertThat(second).containsExactly("c");
    }
}
