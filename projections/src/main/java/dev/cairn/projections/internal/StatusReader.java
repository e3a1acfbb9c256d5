package dev.cairn.projections.internal;

import dev.cairn.eventstore.mongo.MongoEventStorageEngine;
import dev.cairn.processing.MongoTokenStore;
import dev.cairn.processing.StoredSegment;
import dev.cairn.projections.ProjectionState;
import dev.cairn.projections.ProjectionStatus;
import dev.cairn.projections.RebuildMode;
import dev.cairn.projections.RebuildProgress;
import dev.cairn.projections.SegmentStatus;
import dev.cairn.projections.SourceHeads;
import dev.cairn.projections.internal.rebuild.BlueGreenBuild;
import dev.cairn.projections.internal.rebuild.InPlaceRebuild;
import dev.cairn.projections.internal.storage.ControlDocuments;
import dev.cairn.projections.internal.storage.ProjectionStorage;
import dev.cairn.projections.internal.storage.RebuildMarker;
import dev.cairn.projections.internal.versions.ProjectionVersions;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.ReplayToken;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.WrappedToken;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.ToLongFunction;

/**
 * Computes a {@link ProjectionStatus} from what is stored: the token documents, the event store's head and the
 * dead-letter queue; and, when this process runs the projection, its processor's error state.
 */
public final class StatusReader {

    private final MongoTokenStore tokens;
    private final MongoEventStorageEngine events;
    private final ToLongFunction<String> deadLetters;
    private final Clock clock;
    private final ControlDocuments control;
    private final ProjectionVersions versions;
    private final SourceHeads source;

    /**
     * @param control  pause and rebuild markers; {@code null} when projections are never paused or rebuilt
     * @param versions the aliases of projection versions; {@code null} when every projection is at version 1
     * @param source   the parts the projections read, measured on their own heads; {@code null} when they read
     *                 {@code events}
     */
    public StatusReader(MongoTokenStore tokens, MongoEventStorageEngine events, ToLongFunction<String> deadLetters,
                        Clock clock, ControlDocuments control, ProjectionVersions versions, SourceHeads source) {
        this.tokens = tokens;
        this.events = events;
        this.deadLetters = deadLetters;
        this.clock = clock;
        this.control = control;
        this.versions = versions;
        this.source = source;
    }

    public ProjectionStatus status(String name, Optional<StreamingEventProcessor> local) {
        ProjectionVersions.Alias alias = versions == null ? new ProjectionVersions.Alias(1, Optional.empty())
                : versions.alias(name);
        ControlDocuments.State decisions = control == null ? ControlDocuments.State.NONE : control.state(name);
        int version = alias.live();
        String processorName = ProjectionVersions.processorName(name, version);
        Instant now = clock.instant();
        List<SegmentStatus> segments = new ArrayList<>();
        long position = Long.MAX_VALUE;
        boolean claimed = false;
        boolean replaying = false;
        // a claim this process holds while its processor is stopped (a reset stores tokens with a claim) is not live
        boolean stoppedHere = local.map(processor -> !processor.isRunning()).orElse(false);
        // whether a claim is live is the database's judgement (ADR 71); the expiry shown is the holder's claim time
        // plus this node's timeout
        Set<Integer> liveClaims = tokens.liveClaims(processorName);
        for (StoredSegment stored : tokens.segments(processorName)) {
            Instant expiry = stored.claimedAt() == null ? null : stored.claimedAt().plus(tokens.claimTimeout());
            boolean live = stored.owner() != null && liveClaims.contains(stored.segment())
                    && !(stoppedHere && stored.owner().equals(tokens.nodeId()));
            Long segmentPosition = positionOf(stored.token());
            // a replay token that reached its reset position has replayed everything; Axon unwraps it on the next event
            boolean replay = ReplayToken.isReplay(stored.token()) && segmentPosition != null
                    && segmentPosition < replayTargetOrZero(stored.token());
            segments.add(new SegmentStatus(stored.segment(), segmentPosition, live ? stored.owner() : null,
                                           live ? expiry : null, replay, replay ? replayTarget(stored.token()) : null));
            position = Math.min(position, segmentPosition == null ? 0 : segmentPosition);
            claimed |= live;
            replaying |= replay;
        }
        if (segments.isEmpty()) {
            position = 0;
        }
        long head;
        Map<String, Long> partLag = new TreeMap<>();
        String partsError = null;
        if (source != null) {
            // positions in independent parts do not add up to one: each part is measured on its own head
            Map<String, SourceHeads.Progress> parts = progress(tokens.segments(processorName));
            parts.forEach((part, progress) -> partLag.put(part, progress.lag()));
            head = parts.values().stream().mapToLong(SourceHeads.Progress::head).sum();
            position = head - partLag.values().stream().mapToLong(Long::longValue).sum();
            Map<String, String> unavailable = new TreeMap<>(source.unavailable());
            partsError = unavailable.isEmpty() ? null : String.join("; ", unavailable.values());
        } else {
            head = events.createHeadToken().position().orElse(0);
        }
        long lag = Math.max(0, head - position);
        String error = local.flatMap(StatusReader::error).orElse(null);
        RebuildProgress rebuild = rebuild(name, version, position, replaying, decisions.rebuild(), alias.build());
        boolean paused = decisions.paused();
        boolean rebuilding = rebuild != null && rebuild.mode() == RebuildMode.IN_PLACE;
        ProjectionState state = paused && rebuilding && RebuildMarker.RESETTING.equals(rebuild.phase())
                ? ProjectionState.INTERRUPTED
                : paused ? ProjectionState.PAUSED
                : error != null ? ProjectionState.ERROR
                : !claimed ? ProjectionState.STOPPED
                : replaying || rebuilding ? ProjectionState.REPLAYING : ProjectionState.RUNNING;
        Duration age = lag == 0 || source != null ? Duration.ZERO : age(position, now);
        // a part that cannot be read holds up its own events only: shown as the error, not as the ERROR state
        return new ProjectionStatus(name, state, position, head, lag, age, segments, deadLetters.applyAsLong(name),
                                    error != null ? error : partsError, version, rebuild, partLag);
    }

    /**
     * @return by part, its head and the lowest position the segments have processed there (every part when there is
     * no segment yet, at {@code 0})
     */
    private Map<String, SourceHeads.Progress> progress(List<StoredSegment> stored) {
        Map<String, SourceHeads.Progress> parts = new TreeMap<>();
        if (stored.isEmpty()) {
            parts.putAll(source.progress(null));
        }
        for (StoredSegment segment : stored) {
            source.progress(segment.token()).forEach((part, progress) -> parts.merge(
                    part, progress, (a, b) -> new SourceHeads.Progress(Math.max(a.head(), b.head()),
                                                                       Math.min(a.position(), b.position()))));
        }
        return parts;
    }

    /** @return the heads of the source's parts now, to wait for with {@link #caughtUp(String, Map)} */
    public Map<String, Long> heads() {
        Map<String, Long> heads = new TreeMap<>();
        source.progress(null).forEach((part, progress) -> heads.put(part, progress.head()));
        return heads;
    }

    /** @return whether the source is made of parts measured on their own heads */
    public boolean hasParts() {
        return source != null;
    }

    /**
     * @return whether every segment of the projection has processed each part's events up to {@code heads} (parts
     * the source no longer reads are not waited for)
     */
    public boolean caughtUp(String name, Map<String, Long> heads) {
        int version = versions == null ? 1 : versions.live(name);
        List<StoredSegment> segments = tokens.segments(ProjectionVersions.processorName(name, version));
        if (segments.isEmpty()) {
            return false;
        }
        for (StoredSegment segment : segments) {
            Map<String, SourceHeads.Progress> parts = source.progress(segment.token());
            for (Map.Entry<String, SourceHeads.Progress> part : parts.entrySet()) {
                if (part.getValue().position() < heads.getOrDefault(part.getKey(), 0L)) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * @return the in-place rebuild not yet complete (its marker is present and a segment is replaying or below the
     * recorded head), else the blue/green build under way, else {@code null}
     */
    private RebuildProgress rebuild(String name, int version, long position, boolean replaying,
                                    Optional<RebuildMarker> marker, Optional<ProjectionVersions.Build> build) {
        if (marker.isPresent() && (replaying || position < marker.get().head()
                || RebuildMarker.RESETTING.equals(marker.get().phase()))) {
            return InPlaceRebuild.progress(name, version, marker.get(), position);
        }
        return build.map(b -> {
            long lowest = ProjectionStorage.lowest(tokens.segments(ProjectionVersions.processorName(name, b.version())));
            return BlueGreenBuild.progress(name, b, lowest, lowest >= b.head() ? "SWITCHING" : "REPLAYING");
        }).orElse(null);
    }

    /**
     * @return whether every segment of the projection has processed the event at {@code position} (and all before)
     */
    public boolean caughtUp(String name, long position) {
        int version = versions == null ? 1 : versions.live(name);
        List<StoredSegment> segments = tokens.segments(ProjectionVersions.processorName(name, version));
        if (segments.isEmpty()) {
            return false;
        }
        for (StoredSegment segment : segments) {
            if (!hasProcessed(segment.token(), position)) {
                return false;
            }
        }
        return true;
    }

    /**
     * A segment has processed the event at {@code position} when its token is at or past it and does not list it as
     * a gap. ({@code covers} would also demand that every gap below the position be filled.)
     */
    static boolean hasProcessed(TrackingToken token, long position) {
        TrackingToken reached = token == null ? null : WrappedToken.unwrapLowerBound(token);
        if (reached instanceof GapAwareTrackingToken gapAware) {
            return gapAware.getIndex() >= position && !gapAware.getGaps().contains(position);
        }
        return reached != null && reached.position().orElse(-1) >= position;
    }

    private Duration age(long position, Instant now) {
        // the timestamp only: a status reads no payload, so it needs no event class and warns about no stored type
        return events.firstTimestampAfter(position).map(timestamp -> Duration.between(timestamp, now))
                     .filter(age -> !age.isNegative()).orElse(Duration.ZERO);
    }

    private static Long positionOf(TrackingToken token) {
        if (token == null) {
            return null;
        }
        OptionalLong position = token.position();
        return position.isPresent() ? position.getAsLong() : null;
    }

    private static long replayTargetOrZero(TrackingToken token) {
        Long target = replayTarget(token);
        return target == null ? 0 : target;
    }

    private static Long replayTarget(TrackingToken token) {
        OptionalLong target = ReplayToken.getTokenAtReset(token);
        return target.isPresent() ? target.getAsLong() : null;
    }

    private static Optional<String> error(StreamingEventProcessor processor) {
        return processor.processingStatus().values().stream()
                        .filter(EventTrackerStatus::isErrorState)
                        .map(status -> String.valueOf(status.getError()))
                        .findFirst();
    }
}
