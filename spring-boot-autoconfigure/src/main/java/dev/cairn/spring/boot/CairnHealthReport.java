package dev.cairn.spring.boot;

import dev.cairn.projections.ProjectionStatus;
import org.bson.Document;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the {@code cairn} health contributor reports, on any Spring Boot line: the database, each projection's state,
 * position, lag and dead letters, and whether one lags beyond the threshold.
 *
 * @param lagging whether a projection lags more events than the threshold (never without one)
 * @param details the health details
 */
record CairnHealthReport(boolean lagging, Map<String, Object> details) {

    /**
     * @param lagThreshold events of lag above which the report is lagging; {@code null} for never
     * @throws RuntimeException when MongoDB does not answer (the indicator reports DOWN with it)
     */
    static CairnHealthReport of(CairnStatus status, Long lagThreshold) {
        status.mongo().database().runCommand(new Document("ping", 1));
        Map<String, Object> projections = new LinkedHashMap<>();
        boolean lagging = false;
        for (ProjectionStatus projection : status.projections()) {
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("state", projection.state().name());
            details.put("position", projection.position());
            details.put("lag", projection.lagEvents());
            details.put("lagMillis", projection.oldestUnprocessedAge() == null ? null
                    : projection.oldestUnprocessedAge().toMillis());
            details.put("deadLetters", projection.deadLetters());
            projections.put(projection.name(), details);
            lagging |= lagThreshold != null && projection.lagEvents() > lagThreshold;
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("database", status.mongo().database().getName());
        details.put("projections", projections);
        if (lagThreshold != null) {
            details.put("lagThreshold", lagThreshold);
        }
        return new CairnHealthReport(lagging, details);
    }
}
