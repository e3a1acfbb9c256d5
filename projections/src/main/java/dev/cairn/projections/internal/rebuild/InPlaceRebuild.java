package dev.cairn.projections.internal.rebuild;

import dev.cairn.processing.StoredSegment;
import dev.cairn.projections.RebuildFailedException;
import dev.cairn.projections.RebuildMode;
import dev.cairn.projections.RebuildOptions;
import dev.cairn.projections.RebuildProgress;
import dev.cairn.projections.RebuildRefusedException;
import dev.cairn.projections.internal.storage.ControlDocuments;
import dev.cairn.projections.internal.storage.ProjectionStorage;
import dev.cairn.projections.internal.storage.RebuildMarker;
import org.axonframework.eventhandling.StreamingEventProcessor;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * An in-place rebuild (ADR 42): pause everywhere, wait for other nodes to let go, mark, reset the tokens through
 * Axon (its reset handlers empty the read model), mark as replaying, resume. Completion is read from the tokens; the
 * marker goes when every segment passed the head recorded at the start.
 */
public final class InPlaceRebuild implements RebuildWork {

    /** How often an in-place rebuild looks at the claims of other nodes while it waits for them to let go. */
    private static final long POLL_MILLIS = 50;

    private final RebuildContext context;
    private final RebuildMarker marker;
    /** For a source with parts, each part's head to reach (ADR 85); {@code null} for one event store. */
    private final PartHeads parts;

    private InPlaceRebuild(RebuildContext context, RebuildMarker marker, PartHeads parts) {
        this.context = context;
        this.marker = marker;
        this.parts = parts;
    }

    static InPlaceRebuild start(RebuildContext context, RebuildOptions options) {
        String name = context.projection();
        ControlDocuments control = context.storage().control();
        StreamingEventProcessor processor = context.local().processor();
        var existing = control.rebuildMarker(name);
        if (existing.isPresent() && RebuildMarker.REPLAYING.equals(existing.get().phase())
                && reached(context, existing.get())) {
            // a finished replay nobody marked complete (a reset returns at once and its nodes replay): this request
            // is a new rebuild, not the resumption of that one
            control.clearRebuild(name);
            existing = control.rebuildMarker(name);
        }
        if (existing.isPresent() && RebuildMarker.REPLAYING.equals(existing.get().phase())) {
            // an interrupted replay: its replay tokens are stored, so running the projection resumes it
            control.resume(name);
            if (!processor.isRunning()) {
                processor.start();
            }
            // the heads the interrupted replay recorded were not stored part by part: it now waits for today's
            return new InPlaceRebuild(context, existing.get(), context.parts() == null ? null
                    : PartHeads.now(context.parts()));
        }
        boolean wasPaused = control.paused(name) && existing.isEmpty();
        boolean wasRunning = processor.isRunning();
        String node = context.storage().tokens().nodeId();
        control.pause(name, node, context.storage().clock().instant());
        stop(context);
        Map<String, Instant> holders = awaitOthersReleased(context, options.claimWait());
        if (!holders.isEmpty()) {
            if (!wasPaused && existing.isEmpty()) {
                control.resume(name);
            }
            if (wasRunning) {
                processor.start();
            }
            throw new RebuildRefusedException(name, holders);
        }
        PartHeads parts = context.parts() == null ? null : PartHeads.now(context.parts());
        // for a source with parts, the marker's head is the sum of the parts' heads: what the status compares with
        RebuildMarker marker = new RebuildMarker(RebuildMarker.RESETTING, context.storage().clock().instant(),
                                                 parts == null ? context.head().getAsLong() : parts.total(), node);
        control.markRebuild(name, marker);
        processor.resetTokens();
        // the replay meets the parked events again: parked anew if they still fail, handled if they no longer do
        context.local().clearDeadLetters().run();
        // the reset claimed every segment for this node: let every node running the projection share the replay
        String processorName = context.processorName();
        for (int segment : context.storage().tokens().fetchSegments(processorName)) {
            context.storage().tokens().releaseClaim(processorName, segment);
        }
        RebuildMarker replaying = marker.phase(RebuildMarker.REPLAYING);
        control.markRebuild(name, replaying);
        control.resume(name);
        processor.start();
        return new InPlaceRebuild(context, replaying, parts);
    }

    /** @return the progress an in-place marker stands for, given the lowest position its segments reached */
    public static RebuildProgress progress(String projection, int version, RebuildMarker marker,
                                           long lowestPosition) {
        long done = Math.min(marker.head(), lowestPosition);
        return new RebuildProgress(projection, RebuildMode.IN_PLACE, version, marker.phase(), done, marker.head(),
                                   marker.startedAt(), marker.by());
    }

    @Override
    public String projection() {
        return context.projection();
    }

    @Override
    public RebuildProgress progress(boolean complete) {
        RebuildMarker shown = complete ? marker.phase("COMPLETE") : marker;
        int version = context.versions().pinned(context.projection());
        if (parts != null) {
            var segments = context.storage().tokens().segments(context.processorName());
            return new RebuildProgress(context.projection(), RebuildMode.IN_PLACE, version, shown.phase(),
                                       parts.done(segments), parts.total(), shown.startedAt(), shown.by());
        }
        return progress(context.projection(), version, shown,
                        context.storage().lowestPosition(context.processorName()));
    }

    @Override
    public boolean check() {
        boolean reached = parts == null ? context.storage().reached(context.processorName(), marker.head())
                : parts.reached(context.storage().tokens().segments(context.processorName()));
        if (!reached) {
            return false;
        }
        context.storage().control().clearRebuild(context.projection());
        return true;
    }

    @Override
    public RebuildFailedException timedOut() {
        return new RebuildFailedException("The in-place rebuild of projection [" + context.projection()
                                                  + "] did not finish in time; it goes on where the projection "
                                                  + "runs: " + progress(false));
    }

    @Override
    public void stop() {
        // the replay is the projection's normal processing: it goes on wherever the projection runs
    }

    /** @return whether the replay {@code marker} records has reached its end (for parts, every part's head now) */
    private static boolean reached(RebuildContext context, RebuildMarker marker) {
        if (context.parts() == null) {
            return context.storage().reached(context.processorName(), marker.head());
        }
        return PartHeads.now(context.parts()).reached(context.storage().tokens().segments(context.processorName()));
    }

    private static void stop(RebuildContext context) {
        try {
            context.local().processor().shutdownAsync().get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RebuildFailedException("Interrupted while stopping projection [" + context.projection() + "]");
        } catch (Exception e) {
            throw new RebuildFailedException("Projection [" + context.projection() + "] did not stop", e);
        }
    }

    private static Map<String, Instant> awaitOthersReleased(RebuildContext context, Duration wait) {
        long until = System.nanoTime() + wait.toNanos();
        String processorName = context.processorName();
        ProjectionStorage storage = context.storage();
        while (true) {
            Map<String, Instant> holders = new TreeMap<>();
            // the database judges which claims are live (ADR 71); the expiry reported is the holder's claim time plus
            // this node's timeout
            Set<Integer> live = storage.tokens().liveClaims(processorName);
            for (StoredSegment segment : storage.tokens().segments(processorName)) {
                if (segment.owner() == null || !live.contains(segment.segment())
                        || segment.owner().equals(storage.tokens().nodeId())) {
                    continue;
                }
                Instant claimedAt = segment.claimedAt() == null ? storage.clock().instant() : segment.claimedAt();
                Instant expiry = claimedAt.plus(storage.tokens().claimTimeout());
                holders.merge(segment.owner(), expiry, (a, b) -> a.isAfter(b) ? a : b);
            }
            if (holders.isEmpty() || System.nanoTime() - until >= 0) {
                return holders;
            }
            try {
                TimeUnit.MILLISECONDS.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return holders;
            }
        }
    }
}
