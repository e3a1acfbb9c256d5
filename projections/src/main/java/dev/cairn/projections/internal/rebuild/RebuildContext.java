package dev.cairn.projections.internal.rebuild;

import com.mongodb.client.MongoDatabase;
import dev.cairn.processing.MongoTokenStore;
import dev.cairn.processing.StoredSegment;
import dev.cairn.projections.ProjectionControl;
import dev.cairn.projections.ProjectionOptions;
import dev.cairn.projections.internal.versions.ProjectionVersions;
import dev.cairn.projections.internal.versions.VersionWatcher;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.messaging.StreamableMessageSource;
import org.axonframework.messaging.annotation.ParameterResolverFactory;

import java.time.Clock;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * What a rebuild of one projection works with in the process that runs it.
 *
 * @param projection      the projection
 * @param handler         its event-handler object
 * @param options         its options (segments, owned collections)
 * @param processor       its Axon processor in this process
 * @param database        the database of its read model
 * @param tokenStore      the shared token store (names as stored, not mapped to versions)
 * @param control         the control documents (pause, rebuild markers)
 * @param versions        the aliases
 * @param watcher         this node's pinned and live versions
 * @param head            the event store's head position
 * @param eventSource     the stream a blue/green build reads
 * @param parameters      parameter resolution of this application (components as handler parameters)
 * @param clock           for claims and markers
 * @param clearDeadLetters empties the projection's dead-letter queue (an in-place rebuild replays those events)
 * @param indexCreation   whether the read model of a new version creates its indexes or only checks them
 */
public record RebuildContext(String projection, Object handler, ProjectionOptions options,
                             StreamingEventProcessor processor, MongoDatabase database, MongoTokenStore tokenStore,
                             ProjectionControl control, ProjectionVersions versions, VersionWatcher watcher,
                             LongSupplier head, StreamableMessageSource<TrackedEventMessage<?>> eventSource,
                             ParameterResolverFactory parameters, Clock clock, Runnable clearDeadLetters,
                             boolean indexCreation) {

    /** @return the lowest position the segments of {@code processorName} reached; 0 without segments */
    long lowestPosition(String processorName) {
        return lowest(tokenStore.segments(processorName));
    }

    /** @return the lowest position {@code segments} reached; 0 without segments */
    public static long lowest(List<StoredSegment> segments) {
        return segments.stream().mapToLong(RebuildContext::position).min().orElse(0);
    }

    /** @return the highest position the segments of {@code processorName} reached; 0 without segments */
    long highestPosition(String processorName) {
        return tokenStore.segments(processorName).stream().mapToLong(RebuildContext::position).max().orElse(0);
    }

    /**
     * @return whether every segment of {@code processorName} reached {@code head} (a replay token that reached its
     * reset position counts: Axon unwraps it only with the next event after it)
     */
    boolean reached(String processorName, long head) {
        List<StoredSegment> segments = tokenStore.segments(processorName);
        if (segments.isEmpty()) {
            return head <= 0;
        }
        return segments.stream().allMatch(segment -> position(segment) >= head);
    }

    static long position(StoredSegment segment) {
        return segment.token() == null ? 0 : segment.token().position().orElse(0);
    }
}
