package dev.cairn.spring.boot;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroupsPostProcessor;
import org.springframework.context.annotation.Bean;

/**
 * Health contributor {@code cairn} on Spring Boot 4 (ADR 81), where the health API lives in
 * {@code org.springframework.boot.health}, and its membership of the {@code readiness} group; on Boot 3
 * {@link CairnActuatorAutoConfiguration} contributes both. Switched off with
 * {@code management.health.cairn.enabled=false}.
 */
// after the probes' auto-configuration: its groups post-processor (same order) must add the readiness group first
@AutoConfiguration(after = CairnStatusAutoConfiguration.class, afterName =
        "org.springframework.boot.health.autoconfigure.actuate.endpoint.AvailabilityProbesAutoConfiguration")
@ConditionalOnClass(name = "org.springframework.boot.health.contributor.HealthIndicator")
@ConditionalOnMissingClass("org.springframework.boot.actuate.health.HealthIndicator")
@ConditionalOnBean(CairnStatus.class)
@ConditionalOnProperty(name = "management.health.cairn.enabled", matchIfMissing = true)
public class CairnBoot4HealthAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(name = "cairnHealthIndicator")
    public CairnBoot4HealthIndicator cairnHealthIndicator(CairnStatus status, CairnProperties properties) {
        return new CairnBoot4HealthIndicator(status, properties.getHealth().getLagThreshold());
    }

    /** {@code cairn} joins the readiness group (when Spring Boot's probes define one), never liveness. */
    @Bean
    // the health groups need the actuator, which a Boot 4 application may leave out while it has health
    @ConditionalOnClass(name = "org.springframework.boot.actuate.endpoint.SecurityContext")
    static HealthEndpointGroupsPostProcessor cairnReadinessGroup() {
        return new Boot4ReadinessGroups();
    }
}
