package dev.cairn.snapshots;

import org.axonframework.common.AxonConfigurationException;

import java.time.Duration;

/**
 * How a {@link CairnSnapshotter} runs, as one immutable value: each option is declared, defaulted and validated here
 * only, and every builder that offers it delegates to this record.
 *
 * @param threads         how many snapshots may be taken at the same time (of different aggregates); default 1
 * @param queueCapacity   how many requests may wait for a thread; beyond that they are dropped and counted; default
 *                        1,000
 * @param shutdownTimeout how long shutdown waits for queued and running snapshots; default 10 seconds
 */
public record SnapshotterOptions(int threads, int queueCapacity, Duration shutdownTimeout) {

    public SnapshotterOptions {
        if (threads < 1) {
            throw new AxonConfigurationException("The snapshotter threads must be positive, not " + threads);
        }
        if (queueCapacity < 1) {
            throw new AxonConfigurationException("The snapshotter queue capacity must be positive, not "
                                                         + queueCapacity);
        }
        if (shutdownTimeout == null || shutdownTimeout.isNegative()) {
            throw new AxonConfigurationException("The snapshotter shutdown timeout must be zero or positive, not "
                                                         + shutdownTimeout);
        }
    }

    /** @return 1 thread, a queue of 1,000, a shutdown timeout of 10 seconds */
    public static SnapshotterOptions defaults() {
        return new SnapshotterOptions(1, 1_000, Duration.ofSeconds(10));
    }

    public SnapshotterOptions withThreads(int threads) {
        return new SnapshotterOptions(threads, queueCapacity, shutdownTimeout);
    }

    public SnapshotterOptions withQueueCapacity(int queueCapacity) {
        return new SnapshotterOptions(threads, queueCapacity, shutdownTimeout);
    }

    public SnapshotterOptions withShutdownTimeout(Duration shutdownTimeout) {
        return new SnapshotterOptions(threads, queueCapacity, shutdownTimeout);
    }
}
