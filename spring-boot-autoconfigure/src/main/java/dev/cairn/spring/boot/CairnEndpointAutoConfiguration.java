package dev.cairn.spring.boot;

import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Actuator endpoint {@code cairn} ({@link CairnEndpoint}, ADR 81) on either Spring Boot line: its endpoint annotations
 * kept their package in Boot 4 ({@code spring-boot-actuator}), unlike the health API, so this configuration stands
 * apart from the health contributors' ones and only needs the actuator on the class path.
 */
@AutoConfiguration(after = CairnStatusAutoConfiguration.class)
@ConditionalOnClass(name = "org.springframework.boot.actuate.endpoint.annotation.Endpoint")
@ConditionalOnBean(CairnStatus.class)
public class CairnEndpointAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnAvailableEndpoint(endpoint = CairnEndpoint.class)
    public CairnEndpoint cairnEndpoint(CairnStatus status) {
        return new CairnEndpoint(status);
    }
}
