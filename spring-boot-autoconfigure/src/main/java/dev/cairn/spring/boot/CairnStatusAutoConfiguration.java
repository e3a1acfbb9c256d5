package dev.cairn.spring.boot;

import dev.cairn.eventstore.mongo.MongoEventStorageEngine;
import dev.cairn.processing.MongoTokenStore;
import dev.cairn.projections.ProjectionControl;
import dev.cairn.projections.ProjectionMonitor;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

import java.util.Optional;

/**
 * {@link CairnStatus}, what health, the {@code cairn} endpoint and the projection meters read, whatever Spring Boot
 * line and whether or not the actuator is present (an application may show it itself).
 */
@AutoConfiguration(after = CairnAutoConfiguration.class)
@ConditionalOnBean({CairnMongo.class, MongoTokenStore.class, MongoEventStorageEngine.class})
public class CairnStatusAutoConfiguration {

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

    private static Optional<StreamingEventProcessor> localProcessor(
            ObjectProvider<EventProcessingConfiguration> processing, String name) {
        EventProcessingConfiguration configuration = processing.getIfAvailable();
        return configuration == null ? Optional.empty()
                : configuration.eventProcessor(name, StreamingEventProcessor.class);
    }
}
