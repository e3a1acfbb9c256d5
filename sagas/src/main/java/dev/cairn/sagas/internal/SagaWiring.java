package dev.cairn.sagas.internal;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import dev.cairn.aggregates.CairnSetup;
import dev.cairn.eventstore.mongo.support.CairnCollections;
import dev.cairn.eventstore.mongo.support.ReplicaSetConcerns;
import dev.cairn.eventstore.mongo.support.StoredJson;
import dev.cairn.eventstore.mongo.support.StoredJsonFormat;
import dev.cairn.processing.AdvancingTokenStore;
import dev.cairn.processing.InitialPosition;
import dev.cairn.processing.Lease;
import dev.cairn.processing.MongoTokenStore;
import dev.cairn.processing.NotifyingEventSource;
import dev.cairn.sagas.SagaCommands;
import org.axonframework.config.Configuration;
import org.axonframework.config.Configurer;
import org.axonframework.config.EventProcessingConfigurer;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.lifecycle.Phase;
import org.axonframework.modelling.saga.repository.SagaStore;
import org.axonframework.serialization.Serializer;
import org.bson.BsonDocument;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Registers the saga store, the saga processors, the deadline manager and {@link SagaCommands} on Axon's configurer.
 * The saga store and the deadline manager come from {@link SagaComponents}, which the public side implements.
 */
public final class SagaWiring {

    private NotifyingEventSource eventSource;
    private final List<Class<?>> sagaTypes;
    private final InitialPosition initialPosition;
    private final TokenStore customTokenStore;
    private final List<Consumer<MongoTokenStore.Builder>> tokenStoreCustomizations;
    private final SagaComponents components;
    private volatile MongoDatabase database;
    private volatile boolean indexCreation = true;
    private volatile Configuration configuration;
    private final SagaRetrySettings retrySettings;
    private volatile ParkedSagaStore parked;

    public SagaWiring(List<Class<?>> sagaTypes, InitialPosition initialPosition, TokenStore customTokenStore,
                      List<Consumer<MongoTokenStore.Builder>> tokenStoreCustomizations,
                      SagaComponents components, SagaRetrySettings retrySettings) {
        this.sagaTypes = sagaTypes;
        this.initialPosition = initialPosition;
        this.customTokenStore = customTokenStore;
        this.tokenStoreCustomizations = tokenStoreCustomizations;
        this.components = components;
        this.retrySettings = retrySettings;
    }

    public void configure(CairnSetup setup) {
        Configurer configurer = setup.configurer();
        Serializer serializer = setup.serializer();
        this.database = setup.database();
        this.indexCreation = setup.indexCreation();
        // a saga whose event failed or waits behind parked ones is not written (ADR 51)
        SagaStore<Object> store = new HeldSagaStore(components.sagaStore(setup));
        this.parked = new ParkedSagaStore(
                ReplicaSetConcerns.decisive(database).getCollection(CairnCollections.PARKED_SAGA_EVENTS,
                                                                    BsonDocument.class),
                Lease.of(ParkedSagaDocuments.LEASE, retrySettings.lease(), retrySettings.leaseClock()), indexCreation);
        SagaRetrier retrier = new SagaRetrier(parked, serializer, retrySettings,
                                              sagaTypes.stream().map(Class::getName).toList(), this::manager);
        TokenStore stored = customTokenStore != null ? customTokenStore : mongoTokenStore(serializer);
        // the saga processors' tokens move over the events no saga handles, at rest and at shutdown too
        AdvancingTokenStore tokenStore = AdvancingTokenStore.builder().delegate(stored)
                .processors(name -> configuration == null ? Optional.empty()
                        : configuration.eventProcessingConfiguration().eventProcessor(name,
                                                                                       StreamingEventProcessor.class))
                .claimExtensionInterval(stored instanceof MongoTokenStore mongo ? mongo.claimTimeout().dividedBy(3)
                                                : Duration.ofSeconds(3))
                .build();
        configurer.onInitialize(c -> this.configuration = c);
        configurer.onShutdown(Phase.INBOUND_EVENT_CONNECTORS + 1,
                              () -> processingGroups().forEach(tokenStore::advanceIdle));
        configurer.registerComponent(DeadlineManager.class, c -> components.deadlineManager(c, setup));
        configurer.registerComponent(SagaCommands.class, this::sagaCommands);
        // started and stopped explicitly: the component may first be built while the configuration is starting
        configurer.onInitialize(c -> {
            c.onStart(Phase.INBOUND_EVENT_CONNECTORS, () -> components.start(c.deadlineManager()));
            c.onShutdown(Phase.INBOUND_EVENT_CONNECTORS, () -> components.shutdown(c.deadlineManager()));
            c.onStart(Phase.INBOUND_EVENT_CONNECTORS, retrier::start);
            c.onShutdown(Phase.INBOUND_EVENT_CONNECTORS, retrier::stop);
        });
        configurer.onShutdown(Phase.INBOUND_EVENT_CONNECTORS - 1, this::closeEventSource);
        EventProcessingConfigurer processing = configurer.eventProcessing();
        for (Class<?> sagaType : sagaTypes) {
            String group = processingGroup(sagaType);
            SagaEventParking parking = new SagaEventParking(parked, sagaType, group, serializer,
                                                            StoredJson.writing(StoredJsonFormat.configured()),
                                                            retrySettings, components::isLive);
            registerSaga(processing, sagaType, store, parking);
            processing
                      .registerTokenStore(group, c -> tokenStore)
                      .registerPooledStreamingEventProcessor(
                              group, this::eventSource,
                              (c, builder) -> builder.initialSegmentCount(1)
                                                     .initialToken(source -> initialPosition == InitialPosition.TAIL
                                                             ? source.createTailToken() : source.createHeadToken())
                                                     .tokenClaimInterval(250)
                                                     // how soon the token follows events no saga handles; the store
                                                     // extends the claim in storage less often
                                                     .claimExtensionThreshold(200));
        }
    }

    /** One source for every saga processor, woken by this node's commits instead of polling every half second. */
    private synchronized NotifyingEventSource eventSource(Configuration c) {
        if (eventSource == null) {
            eventSource = NotifyingEventSource.on(c.eventStore());
        }
        return eventSource;
    }

    private synchronized void closeEventSource() {
        if (eventSource != null) {
            eventSource.close();
            eventSource = null;
        }
    }

    private TokenStore mongoTokenStore(Serializer serializer) {
        MongoTokenStore.Builder builder = MongoTokenStore.builder().database(database).serializer(serializer)
                                                         .indexCreation(indexCreation);
        tokenStoreCustomizations.forEach(customization -> customization.accept(builder));
        return builder.build();
    }

    private <T> void registerSaga(EventProcessingConfigurer processing, Class<T> sagaType, SagaStore<Object> store,
                                  SagaEventParking parking) {
        processing.registerSaga(sagaType, saga -> saga.configureSagaStore(c -> store)
                                                      .configureSagaManager(c -> StableIdSagaManager.create(
                                                              c, sagaType, parking, components::isLive)));
    }

    private StableIdSagaManager<?> manager(String sagaTypeName) {
        Class<?> sagaType = sagaTypes.stream().filter(type -> type.getName().equals(sagaTypeName)).findFirst()
                                     .orElseThrow(() -> new IllegalStateException(
                                             "Saga type [" + sagaTypeName + "] is not registered on this node"));
        if (configuration == null) {
            throw new IllegalStateException("Not started");
        }
        return (StableIdSagaManager<?>) configuration.eventProcessingConfiguration().sagaConfiguration(sagaType)
                                                     .manager();
    }

    /** @return the parked saga events of the started application (ADR 51) */
    public ParkedSagaStore parked() {
        if (parked == null) {
            throw new IllegalStateException("Not started");
        }
        return parked;
    }

    private SagaCommands sagaCommands(Configuration c) {
        AtomicInteger threads = new AtomicInteger();
        ExecutorService executor = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "cairn-saga-commands-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        c.onShutdown(executor::shutdown);
        return new SagaCommands(c.commandGateway(), executor);
    }

    /** @return the processing group Axon gives a saga type: its {@code @ProcessingGroup}, else name + "Processor" */
    public static String processingGroup(Class<?> sagaType) {
        ProcessingGroup annotation = sagaType.getAnnotation(ProcessingGroup.class);
        return annotation != null ? annotation.value() : sagaType.getSimpleName() + "Processor";
    }

    public List<String> processingGroups() {
        return sagaTypes.stream().map(SagaWiring::processingGroup).toList();
    }

    public long liveSagas(Class<?> sagaType) {
        if (database == null) {
            throw new IllegalStateException("Not started");
        }
        return ReplicaSetConcerns.decisive(database).getCollection(components.sagaCollection())
                       .countDocuments(Filters.eq(SagaDocuments.SAGA_TYPE, sagaType.getName()));
    }
}
