package dev.cairn.projections.internal.rebuild;

import dev.cairn.projections.SourceHeads;
import dev.cairn.projections.internal.storage.ProjectionStorage;
import dev.cairn.projections.internal.versions.VersionWatcher;

import java.util.function.LongSupplier;

/**
 * What a rebuild of one projection works with in the process that runs it.
 *
 * @param local    the projection as this application runs it (handler, options, processor, event stream)
 * @param storage  tokens, control documents and version aliases
 * @param versions this node's pinned and live versions
 * @param head     the event store's head position (for a source of its own, that source's)
 * @param parts    the projection's source when it is made of parts measured on their own heads (every tenant's
 *                 stream, ADR 85), else {@code null}
 */
public record RebuildContext(LocalProjection local, ProjectionStorage storage, VersionWatcher versions,
                             LongSupplier head, SourceHeads parts) {

    /** @return the projection's name */
    public String projection() {
        return local.name();
    }

    /** @return the processor (token) name the local processor of the projection uses */
    String processorName() {
        return versions.processorName(projection());
    }
}
