package dev.cairn.migration.internal;

import java.util.Set;

/**
 * A token of the Mongo extension as read from its stored data (never deserialized into the extension's classes).
 */
public sealed interface SourceToken {

    /**
     * {@code MongoTrackingToken}: the processor handled every event older than {@code timestamp - lookBack} and those
     * it knows by identifier.
     */
    record Mongo(long timestampMillis, Set<String> knownEventIds) implements SourceToken {
    }

    /** {@code ReplayToken}: replaying towards {@code tokenAtReset}, now at {@code currentToken} (may be null). */
    record Replay(SourceToken tokenAtReset, SourceToken currentToken) implements SourceToken {
    }

    /** {@code MergedTrackingToken}: two segments being merged. */
    record Merged(SourceToken lowerSegmentToken, SourceToken upperSegmentToken) implements SourceToken {
    }
}
