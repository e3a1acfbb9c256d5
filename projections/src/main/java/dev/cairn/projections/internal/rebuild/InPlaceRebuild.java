package dev.cairn.projections.internal.rebuild;

import dev.cairn.processing.StoredSegment;
import dev.cairn.projections.Rebuild;
import dev.cairn.projections.RebuildFailedException;
import dev.cairn.projections.RebuildMode;
import dev.cairn.projections.RebuildOptions;
import dev.cairn.projections.RebuildProgress;
import dev.cairn.projections.RebuildRefusedException;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * An in-place rebuild (ADR 42): pause everywhere, wait for other nodes to let go, mark, reset the tokens through
 * Axon (its reset handlers empty the read model), mark as replaying, resume. Completion is read from the tokens; the
 * marker goes when every segment passed the head recorded at the start.
 */
public final class InPlaceRebuild implements Rebuild {

    private static final long POLL_MILLIS = 50;

    private final RebuildContext context;
    private final RebuildMarker marker;
    private final long deadline;
    private volatile boolean complete;

    private InPlaceRebuild(RebuildContext context, RebuildMarker marker, Duration timeout) {
        this.context = context;
        this.marker = marker;
        this.deadline = System.nanoTime() + timeout.toNanos();
    }

    public static Rebuild start(RebuildContext context, RebuildOptions options) {
        String name = context.projection();
        var existing = context.control().rebuildMarker(name);
        if (existing.isPresent() && RebuildMarker.REPLAYING.equals(existing.get().phase())) {
            // an interrupted replay: its replay tokens are stored, so running the projection resumes it
            context.control().resume(name);
            if (!context.processor().isRunning()) {
                context.processor().start();
            }
            return new InPlaceRebuild(context, existing.get(), options.timeout());
        }
        boolean wasPaused = context.control().paused(name) && existing.isEmpty();
        boolean wasRunning = context.processor().isRunning();
        String node = context.tokenStore().nodeId();
        context.control().pause(name, node, context.clock().instant());
        stop(context);
        Map<String, Instant> holders = awaitOthersReleased(context, options.claimWait());
        if (!holders.isEmpty()) {
            if (!wasPaused && existing.isEmpty()) {
                context.control().resume(name);
            }
            if (wasRunning) {
                context.processor().start();
            }
            throw new RebuildRefusedException(name, holders);
        }
        RebuildMarker marker = new RebuildMarker(RebuildMarker.RESETTING, context.clock().instant(),
                                                 context.head().getAsLong(), node);
        context.control().markRebuild(name, marker);
        context.processor().resetTokens();
        // the replay meets the parked events again: parked anew if they still fail, handled if they no longer do
        context.clearDeadLetters().run();
        // the reset claimed every segment for this node: let every node running the projection share the replay
        String processorName = context.watcher().processorName(name);
        for (int segment : context.tokenStore().fetchSegments(processorName)) {
            context.tokenStore().releaseClaim(processorName, segment);
        }
        RebuildMarker replaying = marker.phase(RebuildMarker.REPLAYING);
        context.control().markRebuild(name, replaying);
        context.control().resume(name);
        context.processor().start();
        return new InPlaceRebuild(context, replaying, options.timeout());
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
    public RebuildProgress progress() {
        String processorName = context.watcher().processorName(context.projection());
        return progress(context.projection(), context.watcher().pinned(context.projection()),
                        complete ? marker.phase("COMPLETE") : marker, context.lowestPosition(processorName));
    }

    @Override
    public boolean await(Duration timeout) throws InterruptedException {
        long until = System.nanoTime() + timeout.toNanos();
        String processorName = context.watcher().processorName(context.projection());
        while (!complete) {
            if (context.reached(processorName, marker.head())) {
                context.control().clearRebuild(context.projection());
                complete = true;
                break;
            }
            if (System.nanoTime() - deadline >= 0) {
                throw new RebuildFailedException("The in-place rebuild of projection [" + context.projection()
                                                         + "] did not finish in time; it goes on where the "
                                                         + "projection runs: " + progress());
            }
            if (System.nanoTime() - until >= 0) {
                return false;
            }
            TimeUnit.MILLISECONDS.sleep(POLL_MILLIS);
        }
        return true;
    }

    @Override
    public boolean complete() {
        return complete;
    }

    @Override
    public void stop() {
        // the replay is the projection's normal processing: it goes on wherever the projection runs
    }

    private static void stop(RebuildContext context) {
        try {
            context.processor().shutdownAsync().get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RebuildFailedException("Interrupted while stopping projection [" + context.projection() + "]");
        } catch (Exception e) {
            throw new RebuildFailedException("Projection [" + context.projection() + "] did not stop", e);
        }
    }

    private static Map<String, Instant> awaitOthersReleased(RebuildContext context, Duration wait) {
        long until = System.nanoTime() + wait.toNanos();
        String processorName = context.watcher().processorName(context.projection());
        while (true) {
            Map<String, Instant> holders = new TreeMap<>();
            Instant now = context.clock().instant();
            for (StoredSegment segment : context.tokenStore().segments(processorName)) {
                if (segment.owner() == null || segment.claimedAt() == null
                        || segment.owner().equals(context.tokenStore().nodeId())) {
                    continue;
                }
                Instant expiry = segment.claimedAt().plus(context.tokenStore().claimTimeout());
                if (expiry.isAfter(now)) {
                    holders.merge(segment.owner(), expiry, (a, b) -> a.isAfter(b) ? a : b);
                }
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
