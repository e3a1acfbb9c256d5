package dev.cairn.snapshots;

import org.axonframework.common.AxonConfigurationException;

import java.time.Duration;

/**
 * How a {@link BackgroundSnapshotter} follows the event stream, as one immutable value: each option is declared,
 * defaulted and validated here only, and every builder that offers it delegates to this record.
 *
 * @param name         the key of its saved position and its thread's name; default
 *                     {@code cairn-background-snapshotter}
 * @param batchSize    the most events processed between two saved positions; default 1,000
 * @param pollInterval how long one wait for new events lasts (also bounds how long shutdown waits); default 500 ms
 */
public record BackgroundOptions(String name, int batchSize, Duration pollInterval) {

    public BackgroundOptions {
        if (name == null || name.isBlank()) {
            throw new AxonConfigurationException("The background snapshotter name may not be blank");
        }
        if (batchSize < 1) {
            throw new AxonConfigurationException("The background batch size must be positive, not " + batchSize);
        }
        if (pollInterval == null || pollInterval.isNegative() || pollInterval.isZero()) {
            throw new AxonConfigurationException("The background poll interval must be positive, not "
                                                         + pollInterval);
        }
    }

    /** @return name {@code cairn-background-snapshotter}, batches of 1,000 events, a poll interval of 500 ms */
    public static BackgroundOptions defaults() {
        return new BackgroundOptions("cairn-background-snapshotter", 1_000, Duration.ofMillis(500));
    }

    public BackgroundOptions withName(String name) {
        return new BackgroundOptions(name, batchSize, pollInterval);
    }

    public BackgroundOptions withBatchSize(int batchSize) {
        return new BackgroundOptions(name, batchSize, pollInterval);
    }

    public BackgroundOptions withPollInterval(Duration pollInterval) {
        return new BackgroundOptions(name, batchSize, pollInterval);
    }
}
