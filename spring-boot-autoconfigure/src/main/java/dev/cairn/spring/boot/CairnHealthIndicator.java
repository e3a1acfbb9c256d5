package dev.cairn.spring.boot;

import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.Status;


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
        CairnHealthReport report = CairnHealthReport.of(status, lagThreshold);
        builder.status(report.lagging() ? Status.OUT_OF_SERVICE : Status.UP).withDetails(report.details());
    }
}
