package dev.cairn.projections;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON shape of a {@link ProjectionStatus}, as {@code cairn projections status --json} prints it and Spring Boot's
 * {@code cairn} endpoint returns it: ordered maps of plain values (strings, numbers, booleans, lists, {@code null}), so
 * any JSON writer renders the same keys in the same order. The CLI module's README documents the schema. A projection
 * over a source with parts (every tenant's stream, ADR 85) has one more key at the end, {@code partLag}: each part's
 * lag, by part.
 */
public final class ProjectionStatusDocument {

    private ProjectionStatusDocument() {
    }

    /**
     * @param parkedSagaEvents saga events parked on a saga processor (ADR 51), counted with its dead letters
     * @return the document of {@code status}
     */
    public static Map<String, Object> of(ProjectionStatus status, long parkedSagaEvents) {
        List<Object> segments = new ArrayList<>();
        for (SegmentStatus segment : status.segments()) {
            segments.add(ordered("segment", segment.segment(), "position", segment.position(), "owner",
                                 segment.owner(), "claimExpiresAt", iso(segment.claimExpiresAt()), "replaying",
                                 segment.replaying(), "replayTarget", segment.replayTarget()));
        }
        Map<String, Object> document = ordered("name", status.name(),
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
        if (!status.partLag().isEmpty()) {
            // a projection over a source with parts (every tenant's stream): each part's lag, by part
            document.put("partLag", new LinkedHashMap<>(status.partLag()));
        }
        return document;
    }

    /** @return the document of a rebuild under way; {@code null} for none */
    public static Map<String, Object> rebuild(RebuildProgress progress) {
        if (progress == null) {
            return null;
        }
        return ordered("mode", progress.mode().name(), "version", progress.version(), "phase", progress.phase(),
                       "done", progress.done(), "total", progress.total(),
                       "fraction", Math.round(progress.fraction() * 10_000) / 10_000.0,
                       "startedAt", iso(progress.startedAt()), "by", progress.by());
    }

    private static Map<String, Object> ordered(Object... keysAndValues) {
        Map<String, Object> document = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            document.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return document;
    }

    private static String iso(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
