package dev.cairn.projections.internal.rebuild;

import dev.cairn.projections.internal.storage.ProjectionStorage;
import dev.cairn.projections.internal.versions.VersionWatcher;

import java.util.function.LongSupplier;

/**
 * What a rebuild of one projection works with in the process that runs it.
 *
 * @param local    the projection as this application runs it (handler, options, processor, event stream)
 * @param storage  tokens, control documents and version aliases
 * @param versions this node's pinned and live versions
 * @param head     the event store's head position
 */
public record RebuildContext(LocalProjection local, ProjectionStorage storage, VersionWatcher versions,
                             LongSupplier head) {

    /** @return the projection's name */
    public String projection() {
        return local.name();
    }

    /** @return the processor (token) name the local processor of the projection uses */
    String processorName() {
        return versions.processorName(projection());
    }
}
