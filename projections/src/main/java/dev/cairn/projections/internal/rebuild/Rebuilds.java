package dev.cairn.projections.internal.rebuild;

import dev.cairn.projections.Rebuild;
import dev.cairn.projections.RebuildMode;
import dev.cairn.projections.RebuildOptions;
import dev.cairn.projections.SourceHeads;
import dev.cairn.projections.internal.storage.ProjectionStorage;
import dev.cairn.projections.internal.versions.VersionCleanup;
import dev.cairn.projections.internal.versions.VersionWatcher;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * The rebuilds this process runs (ADR 42, 43, 44): starts one under its projection's claim, cleans up what blue/green
 * rebuilds left behind, and stops them all when the application stops.
 */
public final class Rebuilds {

    private final ProjectionStorage storage;
    private final VersionWatcher versions;
    private final LongSupplier head;
    private final Function<String, LocalProjection> projections;
    private final boolean givenSource;
    private final SourceHeads parts;
    private final List<Rebuild> local = new CopyOnWriteArrayList<>();

    /**
     * @param head        the head position of the source the projections read
     * @param projections the projection of a name as this application runs it
     * @param givenSource whether the projections read a source of their own (tracking processors, ADR 85)
     * @param parts       that source when it is made of parts measured on their own heads, else {@code null}
     */
    public Rebuilds(ProjectionStorage storage, VersionWatcher versions, LongSupplier head,
                    Function<String, LocalProjection> projections, boolean givenSource, SourceHeads parts) {
        this.storage = storage;
        this.versions = versions;
        this.head = head;
        this.projections = projections;
        this.givenSource = givenSource;
        this.parts = parts;
    }

    /**
     * Starts rebuilding {@code name} in this process, once no other rebuild of it runs anywhere.
     *
     * @return the rebuild, running to its end by itself
     * @throws IllegalArgumentException naming the projection when it is built blue/green over a source of its own
     */
    public Rebuild rebuild(String name, RebuildOptions options) {
        if (givenSource && options.mode() == RebuildMode.BLUE_GREEN) {
            // a blue/green build shares one stream among its segments, which a token of several independent positions
            // cannot express
            throw new IllegalArgumentException("Projection [" + name + "] reads a source of its own (such as every "
                                                       + "tenant's stream): it is rebuilt in place "
                                                       + "(RebuildOptions.defaults()), not blue/green");
        }
        RebuildContext context = new RebuildContext(projections.apply(name), storage, versions, head, parts);
        // one rebuild of a projection at a time, across processes (ADR 43)
        RebuildClaim claim;
        try {
            claim = RebuildClaim.acquire(storage.control().collection(), name, storage.tokens().nodeId(),
                                         options.mode(), storage.tokens().claimTimeout(),
                                         () -> storage.control().removeIfEmpty(name));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while claiming the rebuild of projection [" + name + "]", e);
        }
        Rebuild rebuild;
        try {
            RebuildWork work = options.mode() == RebuildMode.BLUE_GREEN ? BlueGreenBuild.start(context, options)
                    : InPlaceRebuild.start(context, options);
            rebuild = RebuildRun.start(work, claim, options.timeout());
        } catch (RuntimeException e) {
            claim.close();
            throw e;
        }
        local.add(rebuild);
        return rebuild;
    }

    /**
     * Removes the tokens and collections of every version of {@code name} but the live one.
     *
     * @param collections the collections the projection owns
     * @return the collections dropped
     */
    public List<String> clean(String name, List<String> collections) {
        return new VersionCleanup(storage.database(), storage.tokens(), storage.versions(), collections)
                .clean(name, local.stream().anyMatch(r -> r.projection().equals(name) && !r.complete()));
    }

    /** Stops every rebuild this process runs, leaving each resumable. */
    public void stopAll() {
        local.forEach(Rebuild::stop);
    }
}
