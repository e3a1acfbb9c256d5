package dev.cairn.projections;

import org.axonframework.common.AxonConfigurationException;

import java.time.Duration;

/**
 * How a rebuild runs, as an immutable value with withers. Defaults ({@link #defaults()}): in place, batches of 1,000
 * events, wait up to 15 seconds for other nodes to release the projection, give up after 30 minutes.
 *
 * @param mode      in place or blue/green
 * @param batchSize events per unit of work of the processor doing the rebuild (the bulk path: one ordered bulk write
 *                  per collection and one token write per batch); applies to the version a blue/green rebuild builds,
 *                  and to an in-place replay in the process that runs it when that process starts the projection for
 *                  the rebuild (the command line does)
 * @param claimWait how long an in-place rebuild waits for other nodes to release the projection's segments after it
 *                  paused it, before it refuses
 * @param timeout   how long {@link Rebuild#await} may take in total before the rebuild is reported as failed (it can be
 *                  resumed)
 */
public record RebuildOptions(RebuildMode mode, int batchSize, Duration claimWait, Duration timeout) {

    public RebuildOptions {
        if (mode == null) {
            throw new AxonConfigurationException("The rebuild mode may not be null");
        }
        if (batchSize < 1) {
            throw new AxonConfigurationException("The rebuild batch size must be positive, not " + batchSize);
        }
        if (claimWait == null || claimWait.isNegative()) {
            throw new AxonConfigurationException("The rebuild's claim wait must be zero or positive, not " + claimWait);
        }
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new AxonConfigurationException("The rebuild timeout must be positive, not " + timeout);
        }
    }

    /** @return in place, batches of 1,000, 15 s claim wait, 30 min timeout */
    public static RebuildOptions defaults() {
        return new RebuildOptions(RebuildMode.IN_PLACE, 1_000, Duration.ofSeconds(15), Duration.ofMinutes(30));
    }

    public RebuildOptions mode(RebuildMode mode) {
        return new RebuildOptions(mode, batchSize, claimWait, timeout);
    }

    public RebuildOptions batchSize(int batchSize) {
        return new RebuildOptions(mode, batchSize, claimWait, timeout);
    }

    public RebuildOptions claimWait(Duration claimWait) {
        return new RebuildOptions(mode, batchSize, claimWait, timeout);
    }

    public RebuildOptions timeout(Duration timeout) {
        return new RebuildOptions(mode, batchSize, claimWait, timeout);
    }
}
