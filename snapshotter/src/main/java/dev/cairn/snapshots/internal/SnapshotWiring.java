package dev.cairn.snapshots.internal;

import com.mongodb.client.MongoDatabase;
import dev.cairn.aggregates.CairnSetup;
import dev.cairn.aggregates.SnapshotPolicy;
import dev.cairn.eventstore.mongo.CairnSerializers;
import dev.cairn.eventstore.mongo.MongoEventStorageEngine;
import dev.cairn.processing.MongoTokenStore;
import dev.cairn.snapshots.BackgroundSnapshotter;
import dev.cairn.snapshots.CairnSnapshotFilter;
import dev.cairn.snapshots.CairnSnapshotter;
import dev.cairn.snapshots.SnapshotHousekeeping;
import org.axonframework.common.AxonConfigurationException;
import org.axonframework.config.Configuration;
import org.axonframework.config.Configurer;
import org.axonframework.eventsourcing.EventCountSnapshotTriggerDefinition;
import org.axonframework.eventsourcing.SnapshotTriggerDefinition;
import org.axonframework.lifecycle.Phase;
import org.axonframework.serialization.Serializer;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Registers the snapshots of one application on Axon's configurer (the snapshotter, its snapshot policy, the
 * background snapshotter and their shutdown), through the entry point's {@link CairnSetup} or on a plain configurer,
 * and hands out the started parts.
 */
public final class SnapshotWiring {

    private final SnapshotSettings settings;
    private final SnapshotThresholds thresholds;
    /** the aggregate classes a plain Axon configuration snapshots: the builder's, and those a trigger was taken for */
    private final Set<Class<?>> plainTypes = new LinkedHashSet<>();
    private MongoDatabase database;
    private Serializer serializer;
    private boolean indexCreation = true;
    private boolean registered;
    private volatile Configuration configuration;
    private volatile BackgroundSnapshotter background;
    private volatile SnapshotHousekeeping housekeeping;

    public SnapshotWiring(SnapshotSettings settings) {
        this.settings = settings;
        this.thresholds = new SnapshotThresholds(settings.thresholds());
        this.database = settings.database();
        this.serializer = settings.serializer();
        plainTypes.addAll(thresholds.configuredTypes());
    }

    /**
     * Plugs the snapshots into the entry point: offers each aggregate's threshold (the application's own
     * {@code snapshotEvery} wins), makes the triggers use the snapshotter, installs the snapshot filter on the engine,
     * and registers the rest.
     */
    public synchronized void configure(CairnSetup setup) {
        if (database == null) {
            database = setup.database();
        }
        if (serializer == null) {
            serializer = setup.serializer();
        }
        indexCreation = setup.indexCreation();
        for (Class<?> type : setup.aggregateTypes()) {
            thresholds.of(type).ifPresent(threshold -> setup.snapshotThreshold(type, threshold));
        }
        setup.snapshotTriggers((type, threshold, c) -> new EventCountSnapshotTriggerDefinition(snapshotter(c),
                                                                                               threshold));
        CairnSnapshotFilter filter = filter(setup.aggregateTypes());
        setup.eventStorage(engine -> engine.andSnapshotFilter(filter)); // besides the application's own
        registerWith(setup.configurer());
    }

    /**
     * Registers the snapshotter, the snapshot policy (the entry point replaces it with the application's), the
     * background snapshotter (when enabled) and their shutdown.
     */
    public synchronized void registerWith(Configurer configurer) {
        if (registered) {
            throw new IllegalStateException("This CairnSnapshots is already registered with an application");
        }
        if (database == null) {
            throw new AxonConfigurationException("CairnSnapshots needs the MongoDatabase of the event store: set "
                                                         + "it with builder().database(...)");
        }
        if (serializer == null) {
            serializer = CairnSerializers.defaultSerializer();
        }
        registered = true;
        configurer.registerComponent(CairnSnapshotter.class,
                                     c -> CairnSnapshotter.builder().configuration(c)
                                                          .options(settings.snapshotter()).build());
        configurer.registerComponent(SnapshotPolicy.class, c -> plainPolicy());
        configurer.onInitialize(c -> configuration = c);
        configurer.onStart(Phase.INBOUND_EVENT_CONNECTORS + 1, this::startBackground);
        configurer.onShutdown(Phase.INBOUND_EVENT_CONNECTORS + 1, this::stopBackground);
        configurer.onShutdown(Phase.INBOUND_EVENT_CONNECTORS, () -> snapshotter().shutdown());
    }

    /**
     * @return the trigger of {@code aggregateType} on a plain Axon configuration, reading the registered policy
     * @throws AxonConfigurationException when the class has no threshold
     */
    public synchronized Function<Configuration, SnapshotTriggerDefinition> snapshotTrigger(Class<?> aggregateType) {
        if (thresholds.of(aggregateType).isEmpty()) {
            throw new AxonConfigurationException("Aggregate class [" + aggregateType.getName() + "] has no snapshot "
                                                         + "threshold: annotate it with @SnapshotEvery or set "
                                                         + "builder().threshold(type, n)");
        }
        plainTypes.add(aggregateType);
        return c -> new EventCountSnapshotTriggerDefinition(
                snapshotter(c), c.getComponent(SnapshotPolicy.class).thresholdOf(aggregateType).orElseThrow());
    }

    /** @return the aggregate classes with a threshold on the builder */
    public Set<Class<?>> configuredTypes() {
        return thresholds.configuredTypes();
    }

    public CairnSnapshotter snapshotter() {
        return snapshotter(started());
    }

    public SnapshotHousekeeping housekeeping() {
        SnapshotHousekeeping current = housekeeping;
        if (current == null) {
            synchronized (this) {
                if (housekeeping == null) {
                    housekeeping = new SnapshotHousekeeping(engine().snapshots(), snapshotter(), policy());
                }
                current = housekeeping;
            }
        }
        return current;
    }

    public Optional<BackgroundSnapshotter> background() {
        return Optional.ofNullable(background);
    }

    /** @return the started application's policy */
    public SnapshotPolicy policy() {
        return started().getComponent(SnapshotPolicy.class);
    }

    /** @return a filter of outdated snapshot revisions of {@code aggregateTypes} */
    public static CairnSnapshotFilter filter(Iterable<Class<?>> aggregateTypes) {
        List<Class<?>> types = new ArrayList<>();
        aggregateTypes.forEach(types::add);
        return CairnSnapshotFilter.builder().aggregateTypes(types).build();
    }

    private void startBackground() {
        if (!settings.background()) {
            return;
        }
        SnapshotPolicy policy = policy();
        if (policy.snapshottedTypes().isEmpty()) {
            throw new AxonConfigurationException("The background snapshotter is enabled but no aggregate has a "
                                                         + "snapshot threshold");
        }
        BackgroundSnapshotter started = BackgroundSnapshotter.builder()
                                                             .options(settings.backgroundOptions())
                                                             .eventSource(configuration.eventStore())
                                                             .snapshotter(snapshotter())
                                                             .policy(policy)
                                                             .snapshots(engine().snapshots())
                                                             .tokenStore(tokenStore())
                                                             .build();
        started.start();
        background = started;
    }

    private MongoTokenStore tokenStore() {
        // the application's index creation option; plain Axon sets it through backgroundTokenStore(...)
        MongoTokenStore.Builder tokens = MongoTokenStore.builder().database(database).serializer(serializer)
                                                        .indexCreation(indexCreation);
        settings.tokenStoreCustomizations().forEach(customization -> customization.accept(tokens));
        return tokens.build();
    }

    private void stopBackground() {
        BackgroundSnapshotter current = background;
        if (current != null) {
            current.shutdown();
        }
    }

    private synchronized SnapshotPolicy plainPolicy() {
        return thresholds.policyOf(plainTypes);
    }

    private MongoEventStorageEngine engine() {
        MongoEventStorageEngine engine = started().getComponent(MongoEventStorageEngine.class);
        if (engine == null) {
            throw new IllegalStateException("No MongoEventStorageEngine component in the Axon configuration: register "
                                                    + "the engine with registerComponent(MongoEventStorageEngine"
                                                    + ".class, ...) and use it in configureEmbeddedEventStore, as "
                                                    + "the Cairn entry point does");
        }
        return engine;
    }

    private Configuration started() {
        Configuration current = configuration;
        if (current == null) {
            throw new IllegalStateException("The application using these snapshots is not initialized yet");
        }
        return current;
    }

    private static CairnSnapshotter snapshotter(Configuration configuration) {
        return configuration.getComponent(CairnSnapshotter.class);
    }
}
