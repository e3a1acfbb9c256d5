package dev.cairn.snapshots;

import com.mongodb.client.MongoDatabase;
import dev.cairn.aggregates.CairnExtension;
import dev.cairn.aggregates.CairnSetup;
import dev.cairn.aggregates.SnapshotPolicy;
import dev.cairn.eventstore.mongo.CairnSerializers;
import dev.cairn.eventstore.mongo.MongoEventStorageEngine;
import dev.cairn.processing.MongoTokenStore;
import org.axonframework.common.AxonConfigurationException;
import org.axonframework.config.Configuration;
import org.axonframework.config.Configurer;
import org.axonframework.eventsourcing.EventCountSnapshotTriggerDefinition;
import org.axonframework.eventsourcing.SnapshotTriggerDefinition;
import org.axonframework.lifecycle.Phase;
import org.axonframework.serialization.Serializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;

import static org.axonframework.common.BuilderUtils.assertNonNull;

/**
 * Cairn's snapshot support for one application: asynchronous snapshots every N events, an optional background
 * snapshotter and the housekeeping API.
 * <p>
 * With the Cairn entry point:
 * <pre>
 * CairnSnapshots snapshots = CairnSnapshots.builder().threads(2).background(true).build();
 * Cairn.builder().mongo(uri, "shop").aggregate(Order.class).snapshotEvery(Order.class, 100)
 *      .extension(snapshots.extension()).start();
 * snapshots.housekeeping().stats(Order.class);
 * </pre>
 * Thresholds come from {@code snapshotEvery}, from {@link Builder#threshold} and from {@link SnapshotEvery} on the
 * aggregate class, in that order of precedence; the application resolves them once into its {@link SnapshotPolicy},
 * which the triggers, the background snapshotter and housekeeping all read.
 * <p>
 * On a plain Axon configuration: register the engine as the component {@code MongoEventStorageEngine.class} (as the
 * entry point does), call {@link #registerWith(Configurer)}, take a trigger per aggregate from
 * {@link #snapshotTrigger(Class)} and pass {@link #snapshotFilter(Iterable)} to the engine builder.
 * <p>
 * One instance serves one application. Defaults: {@link SnapshotterOptions#defaults()}, no background snapshotter
 * ({@link BackgroundOptions#defaults()} when enabled), serializer for background positions: the application's, or
 * {@link CairnSerializers#defaultSerializer()}.
 */
public final class CairnSnapshots {

    private final Builder settings;
    private final Map<Class<?>, Integer> plainThresholds = new LinkedHashMap<>();
    private MongoDatabase database;
    private Serializer serializer;
    private boolean indexCreation = true;
    private volatile Configuration configuration;
    private volatile BackgroundSnapshotter background;
    private volatile SnapshotHousekeeping housekeeping;
    private boolean registered;

    private CairnSnapshots(Builder builder) {
        this.settings = builder;
        this.database = builder.database;
        this.serializer = builder.serializer;
        plainThresholds.putAll(builder.thresholds);
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * @return the extension to pass to the Cairn builder's {@code extension(...)}
     */
    public CairnExtension extension() {
        return this::configure;
    }

    private void configure(CairnSetup setup) {
        if (database == null) {
            database = setup.database();
        }
        if (serializer == null) {
            serializer = setup.serializer();
        }
        indexCreation = setup.indexCreation();
        // offered in precedence order; the entry point keeps a threshold it already has
        settings.thresholds.forEach((type, threshold) -> {
            if (setup.aggregateTypes().contains(type)) {
                setup.snapshotThreshold(type, threshold);
            }
        });
        for (Class<?> type : setup.aggregateTypes()) {
            SnapshotEvery annotation = type.getAnnotation(SnapshotEvery.class);
            if (annotation != null) {
                setup.snapshotThreshold(type, requirePositive(type, annotation.value()));
            }
        }
        setup.snapshotTriggers((type, threshold, c) -> new EventCountSnapshotTriggerDefinition(snapshotter(c),
                                                                                               threshold));
        Set<Class<?>> aggregateTypes = setup.aggregateTypes();
        setup.eventStorage(engine -> engine.snapshotFilter(snapshotFilter(aggregateTypes)));
        registerWith(setup.configurer());
    }

    /**
     * Registers the snapshotter, the snapshot policy (the entry point replaces it with the application's), the
     * background snapshotter (when enabled) and their shutdown on a plain Axon configurer. The extension does this
     * itself.
     */
    public synchronized CairnSnapshots registerWith(Configurer configurer) {
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
                                                          .options(settings.snapshotter).build());
        configurer.registerComponent(SnapshotPolicy.class, c -> plainPolicy());
        configurer.onInitialize(c -> configuration = c);
        configurer.onStart(Phase.INBOUND_EVENT_CONNECTORS + 1, this::start);
        configurer.onShutdown(Phase.INBOUND_EVENT_CONNECTORS + 1, this::stopBackground);
        configurer.onShutdown(Phase.INBOUND_EVENT_CONNECTORS, () -> snapshotter().shutdown());
        return this;
    }

    /**
     * @return the trigger definition for {@code AggregateConfigurer.configureSnapshotTrigger(...)} on a plain Axon
     * configuration, using the type's threshold from the builder or its {@link SnapshotEvery}
     */
    public synchronized Function<Configuration, SnapshotTriggerDefinition> snapshotTrigger(Class<?> aggregateType) {
        if (!plainThresholds.containsKey(aggregateType)) {
            SnapshotEvery annotation = aggregateType.getAnnotation(SnapshotEvery.class);
            if (annotation == null) {
                throw new AxonConfigurationException("Aggregate class [" + aggregateType.getName() + "] has no "
                                                             + "snapshot threshold: annotate it with @SnapshotEvery "
                                                             + "or set builder().threshold(type, n)");
            }
            plainThresholds.put(aggregateType, requirePositive(aggregateType, annotation.value()));
        }
        return c -> new EventCountSnapshotTriggerDefinition(
                snapshotter(c), c.getComponent(SnapshotPolicy.class).thresholdOf(aggregateType).orElseThrow());
    }

    /**
     * @return a filter for the storage engine that ignores snapshots of other revisions than the current
     * {@code @Revision} of the given aggregate classes (the engine itself ignores snapshots it cannot read)
     */
    public CairnSnapshotFilter snapshotFilter(Iterable<Class<?>> aggregateTypes) {
        List<Class<?>> types = new ArrayList<>();
        aggregateTypes.forEach(types::add);
        return CairnSnapshotFilter.builder().aggregateTypes(types).build();
    }

    /**
     * @return an engine customization installing {@link #snapshotFilter(Iterable)} for the aggregate classes with a
     * threshold on this builder; the extension installs it for every aggregate of the application itself
     */
    public Consumer<MongoEventStorageEngine.Builder> eventStorage() {
        Set<Class<?>> types = new LinkedHashSet<>(settings.thresholds.keySet());
        return engine -> engine.snapshotFilter(snapshotFilter(types));
    }

    /** @return the snapshotter of the started application */
    public CairnSnapshotter snapshotter() {
        return snapshotter(started());
    }

    /** @return the counters of the snapshotter of the started application */
    public SnapshotMetrics metrics() {
        return snapshotter().metrics();
    }

    /** @return the housekeeping operations of the started application */
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

    /** @return the background snapshotter, when enabled and started */
    public Optional<BackgroundSnapshotter> background() {
        return Optional.ofNullable(background);
    }

    /** @return the thresholds in effect, by aggregate class (the application's {@link SnapshotPolicy}) */
    public Map<Class<?>, Integer> thresholds() {
        return policy().thresholds();
    }

    private void start() {
        if (!settings.background) {
            return;
        }
        SnapshotPolicy policy = policy();
        if (policy.snapshottedTypes().isEmpty()) {
            throw new AxonConfigurationException("The background snapshotter is enabled but no aggregate has a "
                                                         + "snapshot threshold");
        }
        BackgroundSnapshotter started = BackgroundSnapshotter.builder()
                                                             .options(settings.backgroundOptions)
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
        settings.tokenStoreCustomizations.forEach(customization -> customization.accept(tokens));
        return tokens.build();
    }

    private void stopBackground() {
        BackgroundSnapshotter current = background;
        if (current != null) {
            current.shutdown();
        }
    }

    private synchronized SnapshotPolicy plainPolicy() {
        return new SnapshotPolicy(plainThresholds);
    }

    private SnapshotPolicy policy() {
        return started().getComponent(SnapshotPolicy.class);
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

    private static int requirePositive(Class<?> type, int threshold) {
        if (threshold < 1) {
            throw new AxonConfigurationException("The snapshot threshold of aggregate class [" + type.getName()
                                                         + "] must be positive, not " + threshold);
        }
        return threshold;
    }

    /**
     * Builds {@link CairnSnapshots}. Setters fail fast; the snapshotter and background options are those of
     * {@link SnapshotterOptions} and {@link BackgroundOptions}, declared there once.
     */
    public static final class Builder {

        private SnapshotterOptions snapshotter = SnapshotterOptions.defaults();
        private BackgroundOptions backgroundOptions = BackgroundOptions.defaults();
        private boolean background;
        private final Map<Class<?>, Integer> thresholds = new LinkedHashMap<>();
        private MongoDatabase database;
        private Serializer serializer;
        private final List<Consumer<MongoTokenStore.Builder>> tokenStoreCustomizations = new ArrayList<>();

        /** Sets how many snapshots run at the same time. Defaults to 1. */
        public Builder threads(int threads) {
            snapshotter = snapshotter.withThreads(threads);
            return this;
        }

        /** Sets how many snapshot requests may wait; more are dropped and counted. Defaults to 1,000. */
        public Builder queueCapacity(int queueCapacity) {
            snapshotter = snapshotter.withQueueCapacity(queueCapacity);
            return this;
        }

        /** Sets how long shutdown waits for queued snapshots. Defaults to 10 seconds. */
        public Builder shutdownTimeout(Duration shutdownTimeout) {
            snapshotter = snapshotter.withShutdownTimeout(shutdownTimeout);
            return this;
        }

        /** Sets all snapshotter options at once. */
        public Builder snapshotter(SnapshotterOptions options) {
            assertNonNull(options, "The snapshotter options may not be null");
            snapshotter = options;
            return this;
        }

        /** Runs the background snapshotter inside the application. Defaults to {@code false}. */
        public Builder background(boolean background) {
            this.background = background;
            return this;
        }

        /** Sets the background snapshotter's name (key of its position). Defaults to {@code cairn-background-snapshotter}. */
        public Builder backgroundName(String name) {
            backgroundOptions = backgroundOptions.withName(name);
            return this;
        }

        /** Sets the events per background batch (one saved position each). Defaults to 1,000. */
        public Builder backgroundBatchSize(int batchSize) {
            backgroundOptions = backgroundOptions.withBatchSize(batchSize);
            return this;
        }

        /** Sets how long the background snapshotter waits for events per poll. Defaults to 500 ms. */
        public Builder backgroundPollInterval(Duration pollInterval) {
            backgroundOptions = backgroundOptions.withPollInterval(pollInterval);
            return this;
        }

        /** Sets all background snapshotter options at once (it still runs only with {@link #background(boolean)}). */
        public Builder background(BackgroundOptions options) {
            assertNonNull(options, "The background options may not be null");
            backgroundOptions = options;
            return this;
        }

        /**
         * Adjusts the token store holding the background snapshotter's position and claim (node id, claim timeout,
         * collection); by default the projections' defaults.
         */
        public Builder backgroundTokenStore(Consumer<MongoTokenStore.Builder> customization) {
            assertNonNull(customization, "The token store customization may not be null");
            tokenStoreCustomizations.add(customization);
            return this;
        }

        /** Snapshots the aggregate class every {@code threshold} events (overrides its {@link SnapshotEvery}). */
        public Builder threshold(Class<?> aggregateType, int threshold) {
            assertNonNull(aggregateType, "The aggregate type may not be null");
            thresholds.put(aggregateType, requirePositive(aggregateType, threshold));
            return this;
        }

        /** Sets the event store's database (for background positions); taken from Cairn by the extension. */
        public Builder database(MongoDatabase database) {
            assertNonNull(database, "The MongoDatabase may not be null");
            this.database = database;
            return this;
        }

        /** Sets the serializer of background positions; defaults to the application's or Cairn's default. */
        public Builder serializer(Serializer serializer) {
            assertNonNull(serializer, "The Serializer may not be null");
            this.serializer = serializer;
            return this;
        }

        public CairnSnapshots build() {
            return new CairnSnapshots(this);
        }
    }
}
