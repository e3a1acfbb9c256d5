package dev.cairn.cli.internal;

import dev.cairn.projections.ProjectionStatus;
import dev.cairn.projections.RebuildProgress;
import dev.cairn.projections.SegmentStatus;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON shapes the commands print with {@code --json}, built as ordered maps so that keys keep their documented
 * order (see the module's README for every command's schema).
 */
final class Documents {

    private Documents() {
    }

    /** @return an ordered map of alternating keys and values */
    static Map<String, Object> of(Object... keysAndValues) {
        Map<String, Object> document = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            document.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return document;
    }

    /** @param parkedSagaEvents the saga events parked on a saga processor, counted with its dead letters (ADR 51) */
    static Map<String, Object> status(ProjectionStatus status, long parkedSagaEvents) {
        List<Object> segments = new ArrayList<>();
        for (SegmentStatus segment : status.segments()) {
            segments.add(of("segment", segment.segment(), "position", segment.position(), "owner", segment.owner(),
                            "claimExpiresAt", Output.iso(segment.claimExpiresAt()), "replaying", segment.replaying(),
                            "replayTarget", segment.replayTarget()));
        }
        return of("name", status.name(),
                  "state", status.state().name(),
                  "version", status.version(),
                  "position", status.position(),
                  "head", status.head(),
                  "lag", status.lagEvents(),
                  "caughtUp", status.caughtUp(),
                  "oldestUnprocessedAgeMillis", status.oldestUnprocessedAge() == null ? null
                          : status.oldestUnprocessedAge().toMillis(),
                  "deadLetters", status.deadLetters() + parkedSagaEvents,
                  "lastError", status.lastError(),
                  "rebuild", rebuild(status.rebuild()),
                  "segments", segments);
    }

    static Map<String, Object> rebuild(RebuildProgress progress) {
        if (progress == null) {
            return null;
        }
        return of("mode", progress.mode().name(), "version", progress.version(), "phase", progress.phase(),
                  "done", progress.done(), "total", progress.total(),
                  "fraction", Math.round(progress.fraction() * 10_000) / 10_000.0,
                  "startedAt", Output.iso(progress.startedAt()), "by", progress.by());
    }
}
