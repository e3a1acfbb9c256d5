package dev.cairn.spring.boot;

import dev.cairn.aggregates.CairnMeters;
import dev.cairn.aggregates.IdempotentCommands;
import dev.cairn.eventstore.mongo.MongoEventStorageEngine;
import dev.cairn.projections.ProjectionMeters;
import dev.cairn.sagas.MongoDeadlineManager;
import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.event.ContextRefreshedEvent;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Cairn's meters (ADR 81) in the application's {@link MeterRegistry}: {@link CairnMeters} (appends, conflicts, lost
 * claims, snapshots, idempotent repeats, parked deadlines) and {@link ProjectionMeters} for every streaming processor
 * (projections and sagas), bound once the context is refreshed and Axon's processors exist.
 */
@AutoConfiguration(after = CairnActuatorAutoConfiguration.class, afterName = {
        "org.springframework.boot.actuate.autoconfigure.metrics.MetricsAutoConfiguration",
        "org.springframework.boot.actuate.autoconfigure.metrics.CompositeMeterRegistryAutoConfiguration",
        "org.springframework.boot.actuate.autoconfigure.metrics.export.simple.SimpleMetricsExportAutoConfiguration",
        // Spring Boot 4's names
        "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration"})
@ConditionalOnClass(name = "io.micrometer.core.instrument.MeterRegistry")
@ConditionalOnBean(MeterRegistry.class)
public class CairnMetricsAutoConfiguration {

    /** Also the engine's append listener (the engine takes every {@code AppendListener} bean). */
    @Bean
    @ConditionalOnMissingBean
    public CairnMeters cairnMeters(MeterRegistry registry) {
        return new CairnMeters(registry);
    }

    @Bean
    public ApplicationListener<ContextRefreshedEvent> cairnMeterBindings(
            CairnMeters meters, MeterRegistry registry, ObjectProvider<MongoEventStorageEngine> engine,
            ObjectProvider<IdempotentCommands> idempotency, ObjectProvider<MongoDeadlineManager> deadlines,
            ObjectProvider<CairnStatus> status, ObjectProvider<EventProcessingConfiguration> processing) {
        AtomicBoolean bound = new AtomicBoolean();
        return event -> {
            if (!bound.compareAndSet(false, true)) {
                return;
            }
            engine.ifAvailable(meters::bindClaims);
            idempotency.ifAvailable(meters::bindIdempotency);
            deadlines.ifAvailable(manager -> meters.gauge(CairnMeters.DEADLINES_PARKED,
                                                          "Deadlines parked after failing",
                                                          () -> manager.parked().size()));
            CairnStatus projections = status.getIfAvailable();
            EventProcessingConfiguration configuration = processing.getIfAvailable();
            if (projections != null && configuration != null) {
                ProjectionMeters.bind(registry, projections.monitor()::status,
                                      configuration.eventProcessors().entrySet().stream()
                                                   .filter(entry -> entry.getValue()
                                                                    instanceof StreamingEventProcessor)
                                                   .map(java.util.Map.Entry::getKey).toList());
            }
        };
    }
}
