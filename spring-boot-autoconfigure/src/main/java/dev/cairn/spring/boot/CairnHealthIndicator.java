package dev.cairn.spring.boot;

import dev.cairn.projections.ProjectionStatus;
import org.bson.Document;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.Status;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Health contributor {@code cairn}, in the readiness group (never liveness, see
 * {@link CairnEnvironmentPostProcessor}): DOWN when MongoDB does not answer a ping; otherwise UP with each
 * projection's state, position, lag in events and in time, and dead letters. With
 * {@code cairn.health.lag-threshold} set, a projection lagging more events than that turns it OUT_OF_SERVICE; unset
 * (the default), lag never changes the status, so a rebuild does not take every instance out of service.
 */
public class CairnHealthIndicator extends AbstractHealthIndicator {

    private final CairnStatus status;
    private final Long lagThreshold;

    /**
     * @param lagThreshold events of lag above which a projection makes it OUT_OF_SERVICE; {@code null} for never
     */
    public CairnHealthIndicator(CairnStatus status, Long lagThreshold) {
        super("Cairn health check failed");
        this.status = status;
        this.lagThreshold = lagThreshold;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        // a failing ping throws: AbstractHealthIndicator reports DOWN with the exception
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
        builder.status(lagging ? Status.OUT_OF_SERVICE : Status.UP)
               .withDetail("database", status.mongo().database().getName())
               .withDetail("projections", projections);
        if (lagThreshold != null) {
            builder.withDetail("lagThreshold", lagThreshold);
        }
    }
}
