package dev.cairn.projections.internal.coordination;

import java.time.Duration;

/**
 * The timings of a projection's processors, live or building a new version (ADR 84, ADR 95), from the token store's
 * claim timeout.
 *
 * @param claimInterval how often a node looks for segments to claim: 250 ms, or a quarter of the claim timeout
 * @param idleStore     how soon an idle segment's consumed token is stored: 40 ms, or a third of the claim timeout
 */
public record ProcessorTimings(Duration claimInterval, Duration idleStore) {

    /** The longest an idle segment's consumed token waits before it is stored (ADR 84). */
    public static final long IDLE_STORE_MILLIS = 40;
    private static final long CLAIM_INTERVAL_MILLIS = 250;

    /** @return the timings for a token store whose claims expire after {@code claimTimeout} */
    public static ProcessorTimings forClaimTimeout(Duration claimTimeout) {
        return new ProcessorTimings(Duration.ofMillis(Math.min(CLAIM_INTERVAL_MILLIS, claimTimeout.toMillis() / 4)),
                                    Duration.ofMillis(Math.min(IDLE_STORE_MILLIS, claimTimeout.toMillis() / 3)));
    }
}
