package dev.cairn.spring.boot;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

/**
 * The {@code cairn} health contributor on Spring Boot 4, whose health API moved to
 * {@code org.springframework.boot.health.contributor}: the same report as {@link CairnHealthIndicator} on Boot 3.
 */
public class CairnBoot4HealthIndicator extends AbstractHealthIndicator {

    private final CairnStatus status;
    private final Long lagThreshold;

    /**
     * @param lagThreshold events of lag above which a projection makes it OUT_OF_SERVICE; {@code null} for never
     */
    public CairnBoot4HealthIndicator(CairnStatus status, Long lagThreshold) {
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
