package dev.cairn.spring.boot;

import dev.cairn.aggregates.IdempotentCommands;
import dev.cairn.eventstore.mongo.AllowedTypes;
import dev.cairn.eventstore.mongo.AppendListener;
import dev.cairn.eventstore.mongo.CairnSerializers;
import dev.cairn.eventstore.mongo.MongoEventStorageEngine;
import dev.cairn.processing.MongoTokenStore;
import dev.cairn.projections.MongoSequencedDeadLetterQueue;
import dev.cairn.sagas.MongoDeadlineManager;
import dev.cairn.sagas.MongoSagaStore;
import dev.cairn.sagas.SagaCommands;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.Configuration;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.eventhandling.EventBus;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.EventBusSpanFactory;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.lifecycle.Phase;
import org.axonframework.modelling.saga.repository.SagaStore;
import org.axonframework.serialization.Serializer;
import org.axonframework.springboot.EventProcessorProperties;
import org.axonframework.springboot.util.DeadLetterQueueProviderConfigurerModule;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurationPackages;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Lazy;
import org.springframework.context.annotation.Primary;

import java.util.ArrayList;
import java.util.List;

/**
 * Cairn under Axon's Spring Boot support (ADR 80): MongoDB holds the events, snapshots, tokens, sagas, deadlines and
 * idempotency keys, stored with Cairn's serializer. Ordered before Axon's own JPA, JDBC and Axon Server
 * auto-configurations (and Spring Boot's MongoDB one), which back off when these beans exist; every bean here backs off
 * in turn when the application defines one of its type.
 * <ul>
 *     <li>{@link Serializer} {@code serializer}: {@link CairnSerializers#defaultSerializer()}, primary, so that
 *     Axon's message and event serializers (property {@code axon.serializer.*} left at its default) are Cairn's;</li>
 *     <li>{@link MongoEventStorageEngine} and Axon's {@link EmbeddedEventStore} on it (new events of other nodes read
 *     every 250 ms when idle, as the plain entry point);</li>
 *     <li>{@link MongoTokenStore}, {@link MongoSagaStore}, {@link MongoDeadlineManager};</li>
 *     <li>{@link SagaCommands}, which {@code @Saga} handlers take as a parameter (like any bean) to send commands
 *     with idempotency keys;</li>
 *     <li>{@link MongoSequencedDeadLetterQueue} for each processor whose Axon property
 *     {@code axon.eventhandling.processors.<name>.dlq.enabled} is true;</li>
 *     <li>{@link AllowedTypes}: Cairn's defaults, the packages of {@code @SpringBootApplication} and
 *     {@code cairn.allowed-packages};</li>
 *     <li>idempotent commands ({@link IdempotentCommands}) on the command bus.</li>
 * </ul>
 * The database: {@link CairnMongoConfiguration}.
 */
@AutoConfiguration(beforeName = {
        "org.axonframework.springboot.autoconfig.AxonAutoConfiguration",
        "org.axonframework.springboot.autoconfig.JpaAutoConfiguration",
        "org.axonframework.springboot.autoconfig.JpaEventStoreAutoConfiguration",
        "org.axonframework.springboot.autoconfig.legacyjpa.JpaJavaxAutoConfiguration",
        "org.axonframework.springboot.autoconfig.legacyjpa.JpaJavaxEventStoreAutoConfiguration",
        "org.axonframework.springboot.autoconfig.JdbcAutoConfiguration",
        "org.axonframework.springboot.autoconfig.AxonServerAutoConfiguration",
        "org.axonframework.springboot.autoconfig.AxonServerBusAutoConfiguration",
        "org.springframework.boot.autoconfigure.mongo.MongoAutoConfiguration",
        "org.springframework.boot.autoconfigure.data.mongo.MongoDataAutoConfiguration"})
@ConditionalOnClass(name = "org.axonframework.springboot.autoconfig.AxonAutoConfiguration")
@EnableConfigurationProperties(CairnProperties.class)
@Import({CairnMongoConfiguration.class, CairnProjectionsConfiguration.class, CairnSnapshotsConfiguration.class})
public class CairnAutoConfiguration {

    /** How the warning about a refused stored type tells a Spring Boot application to admit it. */
    static final String ALLOWED_TYPES_HINT = "Add its package to the property cairn.allowed-packages if it is yours "
            + "(the packages of @SpringBootApplication and Cairn's own are allowed already).";

    @Bean
    @Primary
    @ConditionalOnMissingBean(Serializer.class)
    public Serializer serializer() {
        return CairnSerializers.defaultSerializer();
    }

    /** The stored types Cairn instantiates: its own, the application's packages and {@code cairn.allowed-packages}. */
    @Bean
    @ConditionalOnMissingBean
    public AllowedTypes cairnAllowedTypes(BeanFactory beanFactory, CairnProperties properties) {
        List<String> packages = new ArrayList<>();
        if (AutoConfigurationPackages.has(beanFactory)) {
            packages.addAll(AutoConfigurationPackages.get(beanFactory));
        }
        packages.addAll(properties.getAllowedPackages());
        return AllowedTypes.cairnDefaults().withPackages(packages);
    }

    @Bean
    @ConditionalOnMissingBean
    public IdempotentCommands cairnIdempotentCommands(CairnProperties properties) {
        CairnProperties.Idempotency idempotency = properties.getIdempotency();
        return IdempotentCommands.of(idempotency.getRetention(), idempotency.getWaitTimeout(),
                                     idempotency.getLease(), properties.isIndexCreation());
    }

    @Bean
    @ConditionalOnMissingBean(EventStorageEngine.class)
    public MongoEventStorageEngine eventStorageEngine(CairnMongo mongo, Serializer serializer, AllowedTypes allowed,
                                                      IdempotentCommands idempotency, CairnProperties properties,
                                                      @Lazy Configuration configuration,
                                                      ObjectProvider<AppendListener> listeners) {
        MongoEventStorageEngine.Builder engine = MongoEventStorageEngine.builder()
                                      .database(mongo.database())
                                      .eventSerializer(serializer)
                                      .snapshotSerializer(serializer)
                                      .allowedTypes(allowed)
                                      .allowedTypesHint(ALLOWED_TYPES_HINT)
                                      .commitKeys(idempotency.commitKeys())
                                      .indexCreation(properties.isIndexCreation())
                                      .upcasterChain(configuration.upcasterChain())
                                      .snapshotFilter(configuration.snapshotFilter());
        // Cairn's meters (CairnMetricsAutoConfiguration) among them
        listeners.orderedStream().forEach(engine::appendListener);
        return engine.build();
    }

    /** Axon's embedded event store on the engine, as {@code Cairn.builder()} builds it. */
    @Bean
    @ConditionalOnMissingBean(EventBus.class)
    public EmbeddedEventStore eventStore(EventStorageEngine storageEngine, Configuration configuration) {
        return EmbeddedEventStore.builder()
                                 .storageEngine(storageEngine)
                                 .messageMonitor(configuration.messageMonitor(EventStore.class, "eventStore"))
                                 .spanFactory(configuration.getComponent(EventBusSpanFactory.class))
                                 .fetchDelay(250)
                                 .build();
    }

    @Bean
    @ConditionalOnMissingBean(TokenStore.class)
    public MongoTokenStore tokenStore(CairnMongo mongo, Serializer serializer, CairnProperties properties) {
        return MongoTokenStore.builder().database(mongo.database()).serializer(serializer)
                              .indexCreation(properties.isIndexCreation()).build();
    }

    @Bean
    @ConditionalOnMissingBean(SagaStore.class)
    public MongoSagaStore sagaStore(CairnMongo mongo, Serializer serializer, CairnProperties properties) {
        return MongoSagaStore.builder().database(mongo.database()).serializer(serializer)
                             .indexCreation(properties.isIndexCreation()).build();
    }

    @Bean(destroyMethod = "close")
    SagaCommandThreads cairnSagaCommandThreads() {
        return new SagaCommandThreads();
    }

    /** Commands from {@code @Saga} handlers with idempotency keys, on their own daemon threads. */
    @Bean
    @ConditionalOnMissingBean
    public SagaCommands sagaCommands(CommandGateway commandGateway, SagaCommandThreads threads) {
        return new SagaCommands(commandGateway, threads.executor());
    }

    /** Started and stopped by Axon (it is a lifecycle component); parks a deadline that keeps failing. */
    @Bean
    @ConditionalOnMissingBean(DeadlineManager.class)
    public MongoDeadlineManager deadlineManager(CairnMongo mongo, Serializer serializer, Configuration configuration,
                                                TransactionManager transactionManager, CairnProperties properties) {
        return MongoDeadlineManager.builder().database(mongo.database()).serializer(serializer)
                                   .scopeAwareProvider(configuration.scopeAwareProvider())
                                   .transactionManager(transactionManager)
                                   .indexCreation(properties.isIndexCreation())
                                   .build();
    }

    /**
     * The dead-letter queue of each processor whose {@code axon.eventhandling.processors.<name>.dlq.enabled} is true:
     * Cairn's, in MongoDB (collection {@code cairn_dead_letters}), through the provider hook Axon's JPA and JDBC
     * auto-configurations use for theirs.
     */
    @Bean
    @ConditionalOnMissingBean
    public DeadLetterQueueProviderConfigurerModule deadLetterQueueProviderConfigurerModule(
            EventProcessorProperties processors, CairnMongo mongo, Serializer serializer, CairnProperties properties) {
        return new DeadLetterQueueProviderConfigurerModule(
                processors, processingGroup -> configuration -> MongoSequencedDeadLetterQueue.<EventMessage<?>>builder()
                        .processingGroup(processingGroup).database(mongo.database()).serializer(serializer)
                        .indexCreation(properties.isIndexCreation()).build());
    }

    /** Registers idempotent commands on the command bus when the event store is Cairn's. */
    @Bean
    public ConfigurerModule cairnIdempotencyConfigurer(IdempotentCommands idempotency, CairnMongo mongo,
                                                       AllowedTypes allowed,
                                                       ObjectProvider<MongoEventStorageEngine> engine) {
        return configurer -> configurer.onInitialize(configuration -> configuration.onStart(
                Phase.INSTRUCTION_COMPONENTS, () -> engine.ifAvailable(
                        mongoEngine -> idempotency.install(configuration, mongo.database(), mongoEngine, allowed))));
    }
}
