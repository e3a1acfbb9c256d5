package dev.cairn.spring.boot;

import org.springframework.boot.actuate.health.HealthEndpointGroupsPostProcessor;
import org.springframework.boot.actuate.autoconfigure.health.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;


/**
 * Actuator health on Spring Boot 3 (ADR 81): health contributor {@code cairn} ({@link CairnHealthIndicator}), reading
 * the projections' status from storage with this process's processors' errors, in the {@code readiness} group. Boot 4
 * moved the health API: {@link CairnBoot4HealthAutoConfiguration} does the same there; the endpoint {@code cairn} has
 * its own {@link CairnEndpointAutoConfiguration} on both lines.
 */
// after the probes' auto-configuration: its groups post-processor (same order) must add the readiness group first
@AutoConfiguration(after = CairnStatusAutoConfiguration.class, afterName =
        "org.springframework.boot.actuate.autoconfigure.availability.AvailabilityProbesAutoConfiguration")
@ConditionalOnClass(name = "org.springframework.boot.actuate.health.HealthIndicator")
@ConditionalOnBean(CairnStatus.class)
public class CairnActuatorAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(name = "cairnHealthIndicator")
    @ConditionalOnEnabledHealthIndicator("cairn")
    public CairnHealthIndicator cairnHealthIndicator(CairnStatus status, CairnProperties properties) {
        return new CairnHealthIndicator(status, properties.getHealth().getLagThreshold());
    }

    /** {@code cairn} joins the readiness group (when Spring Boot's probes define one), never liveness. */
    @Bean
    @ConditionalOnEnabledHealthIndicator("cairn")
    static HealthEndpointGroupsPostProcessor cairnReadinessGroup() {
        return new ReadinessGroups();
    }
}
