package dev.cairn.spring.boot;

import dev.cairn.processing.MongoTokenStore;
import dev.cairn.projections.ProjectionControl;
import dev.cairn.projections.ProjectionMonitor;
import dev.cairn.eventstore.mongo.MongoEventStorageEngine;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.health.HealthEndpointGroupsPostProcessor;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.autoconfigure.health.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

import java.util.Optional;

/**
 * Actuator support (ADR 81), when Spring Boot's actuator is on the class path: health contributor {@code cairn}
 * ({@link CairnHealthIndicator}) and endpoint {@code cairn} ({@link CairnEndpoint}), both reading the projections'
 * status from storage with this process's processors' errors.
 */
// after the probes' auto-configuration: its groups post-processor (same order) must add the readiness group first
@AutoConfiguration(after = CairnAutoConfiguration.class, afterName =
        "org.springframework.boot.actuate.autoconfigure.availability.AvailabilityProbesAutoConfiguration")
@ConditionalOnClass(name = "org.springframework.boot.actuate.health.HealthIndicator")
@ConditionalOnBean({CairnMongo.class, MongoTokenStore.class, MongoEventStorageEngine.class})
public class CairnActuatorAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    public CairnStatus cairnStatus(CairnMongo mongo, MongoTokenStore tokenStore, MongoEventStorageEngine engine,
                                   ObjectProvider<EventProcessingConfiguration> processing) {
        ProjectionMonitor monitor = ProjectionMonitor.builder()
                                                     .tokenStore(tokenStore)
                                                     .engine(engine)
                                                     .deadLetters(mongo.database())
                                                     .control(new ProjectionControl(mongo.database()))
                                                     .versions(mongo.database())
                                                     .localProcessors(name -> localProcessor(processing, name))
                                                     .build();
        return new CairnStatus(mongo, monitor);
    }

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

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnAvailableEndpoint(endpoint = CairnEndpoint.class)
    public CairnEndpoint cairnEndpoint(CairnStatus status) {
        return new CairnEndpoint(status);
    }

    private static Optional<StreamingEventProcessor> localProcessor(
            ObjectProvider<EventProcessingConfiguration> processing, String name) {
        EventProcessingConfiguration configuration = processing.getIfAvailable();
        return configuration == null ? Optional.empty()
                : configuration.eventProcessor(name, StreamingEventProcessor.class);
    }
}
