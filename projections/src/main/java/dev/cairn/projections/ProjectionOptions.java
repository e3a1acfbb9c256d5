package dev.cairn.projections;

import dev.cairn.processing.InitialPosition;
import org.axonframework.common.AxonConfigurationException;

import java.util.ArrayList;
import java.util.List;

/**
 * How one projection runs, as an immutable value with withers. Defaults ({@link #defaults()}): 2 segments, batches of
 * 500 events, from the {@link InitialPosition#TAIL}, dead-lettering on, no owned collections.
 *
 * @param segments        how many segments the processor splits the stream into (parallelism across threads and
 *                        nodes)
 * @param batchSize       events per unit of work (one token write each)
 * @param initialPosition where to start the first time
 * @param deadLettering   whether a failing event parks its aggregate's sequence in the dead-letter queue (otherwise
 *                        the processor retries it, holding up its segment)
 * @param collections     the read-model collections the projection owns: written through {@link ReadModel}, emptied
 *                        on reset
 */
public record ProjectionOptions(int segments, int batchSize, InitialPosition initialPosition, boolean deadLettering,
                                List<String> collections) {

    public ProjectionOptions {
        if (segments < 1) {
            throw new AxonConfigurationException("A projection needs at least one segment, not " + segments);
        }
        if (batchSize < 1) {
            throw new AxonConfigurationException("A projection's batch size must be positive, not " + batchSize);
        }
        if (initialPosition == null) {
            throw new AxonConfigurationException("A projection's initial position may not be null");
        }
        collections = List.copyOf(collections);
        for (String name : collections) {
            if (name == null || name.isBlank()) {
                throw new AxonConfigurationException("A read-model collection name may not be blank");
            }
        }
    }

    /**
     * Events per unit of work by default. A batch costs four round trips whatever its size (the claim's fence, the
     * read model's bookkeeping read, its bulk write, the token); 500 spreads them thin during a catch-up, while live
     * batches stay as small as the events that arrived. A batch must finish within the token store's claim timeout
     * (10 seconds by default): lower it for handlers slower than about 20 ms an event (ADR 84).
     */
    public static final int DEFAULT_BATCH_SIZE = 500;

    /** @return 2 segments, batches of {@value #DEFAULT_BATCH_SIZE}, from the tail, dead-lettering on, no collections */
    public static ProjectionOptions defaults() {
        return new ProjectionOptions(2, DEFAULT_BATCH_SIZE, InitialPosition.TAIL, true, List.of());
    }

    public ProjectionOptions segments(int segments) {
        return new ProjectionOptions(segments, batchSize, initialPosition, deadLettering, collections);
    }

    public ProjectionOptions batchSize(int batchSize) {
        return new ProjectionOptions(segments, batchSize, initialPosition, deadLettering, collections);
    }

    public ProjectionOptions initialPosition(InitialPosition initialPosition) {
        return new ProjectionOptions(segments, batchSize, initialPosition, deadLettering, collections);
    }

    public ProjectionOptions deadLettering(boolean deadLettering) {
        return new ProjectionOptions(segments, batchSize, initialPosition, deadLettering, collections);
    }

    /** @return these options owning {@code names} too */
    public ProjectionOptions owns(String... names) {
        List<String> all = new ArrayList<>(collections);
        all.addAll(List.of(names));
        return new ProjectionOptions(segments, batchSize, initialPosition, deadLettering, all);
    }
}
