package dev.cairn.projections.internal.coordination;

import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A projection coordinator's executor shortens only Axon's full-buffer pause (ADR 84): a processor whose segments
 * empty their buffers quickly no longer idles 100 ms between refills, while idle rounds, claim attempts and error
 * back-offs keep their delays.
 */
class CoordinatorExecutorTest {

    @Test
    void theFullBufferPauseIsShortenedAndOtherDelaysAreKept() throws Exception {
        // Given a coordinator executor rechecking full buffers after 5 ms
        CoordinatorExecutor executor = new CoordinatorExecutor("p", 5);
        try {
            // When Axon's coordinator schedules its full-buffer pause, and an idle round of 250 ms
            long scheduled = System.nanoTime();
            CompletableFuture<Long> full = new CompletableFuture<>();
            CompletableFuture<Long> idle = new CompletableFuture<>();
            executor.schedule(() -> { full.complete(System.nanoTime()); }, 100, TimeUnit.MILLISECONDS);
            executor.schedule(() -> { idle.complete(System.nanoTime()); }, 250, TimeUnit.MILLISECONDS);

            // Then the pause ends within milliseconds, the idle round after its own delay
            assertThat(TimeUnit.NANOSECONDS.toMillis(full.get(5, TimeUnit.SECONDS) - scheduled)).isLessThan(60);
            assertThat(TimeUnit.NANOSECONDS.toMillis(idle.get(5, TimeUnit.SECONDS) - scheduled))
                    .isGreaterThanOrEqualTo(249);
        } finally {
            executor.shutdownNow();
        }
    }

    @Test
    void thePauseIsRecognisedOnlyWhenNoOtherDelayEqualsIt() {
        // Given / When / Then: a claim interval of exactly 100 ms would be mistaken for the pause
        assertThat(CoordinatorExecutor.recognises(250, 40)).isTrue();
        assertThat(CoordinatorExecutor.recognises(100, 33)).isFalse();
    }
}
