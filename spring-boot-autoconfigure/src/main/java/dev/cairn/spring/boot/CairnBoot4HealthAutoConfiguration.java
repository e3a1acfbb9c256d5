package dev.cairn.spring.boot;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;

/**
 * Health contributor {@code cairn} on Spring Boot 4 (ADR 81), where the health API lives in
 * {@code org.springframework.boot.health}; on Boot 3 {@link CairnActuatorAutoConfiguration} contributes it. Switched
 * off with {@code management.health.cairn.enabled=false}.
 */
@AutoConfiguration(after = CairnStatusAutoConfiguration.class)
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
}
