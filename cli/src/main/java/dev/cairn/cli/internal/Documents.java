package dev.cairn.cli.internal;

import dev.cairn.projections.ProjectionStatus;
import dev.cairn.projections.RebuildProgress;
import dev.cairn.projections.ProjectionStatusDocument;

import java.util.LinkedHashMap;
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
        return ProjectionStatusDocument.of(status, parkedSagaEvents);
    }

    static Map<String, Object> rebuild(RebuildProgress progress) {
        return ProjectionStatusDocument.rebuild(progress);
    }
}
