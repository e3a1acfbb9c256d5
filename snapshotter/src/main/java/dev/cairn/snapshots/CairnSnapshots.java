package dev.cairn.snapshots;

import com.mongodb.client.MongoDatabase;
import dev.cairn.aggregates.CairnExtension;
import dev.cairn.aggregates.CairnSetup;
import dev.cairn.eventstore.mongo.CairnSerializers;
import dev.cairn.eventstore.mongo.MongoEventStorageEngine;
import dev.cairn.snapshots.internal.SnapshotIndexes;
import org.axonframework.common.AxonConfigurationException;
import org.axonframework.config.Configuration;
import org.axonframework.config.Configurer;
import org.axonframework.eventsourcing.EventCountSnapshotTriggerDefinition;
import org.axonframework.eventsourcing.SnapshotTriggerDefinition;
import org.axonframework.lifecycle.Phase;
import org.axonframework.serialization.Serializer;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

import static org.axonframework.common.BuilderUtils.assertNonNull;
import static org.axonframework.common.BuilderUtils.assertThat;

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
 * Thresholds come from {@code snapshotEvery}, from {@link SnapshotEvery} on the aggregate class and from
 * {@link Builder#threshold}; {@code snapshotEvery} wins over the builder, which wins over the annotation.
 * <p>
 * On a plain Axon configuration: {@link #registerWith(Configurer)}, a trigger per aggregate from
 * {@link #snapshotTrigger(Class)}, and {@link #snapshotFilter(Iterable)} on the storage engine.
 * <p>
 * One instance serves one application. Defaults: 1 snapshot thread, queue of 1,000, no background snapshotter,
 * collections {@code events} and {@code snapshots}, serializer {@link CairnSerializers#defaultSerializer()} (the
 * application's serializer with the extension).
 */
public final class CairnSnapshots {

    private final Builder settings;
    private final Map<Class<?>, Integer> thresholds = new HashMap<>();
    private MongoDatabase database;
    private Serializer serializer;
    private volatile Configuration configuration;
    private volatile BackgroundSnapshotter background;
    private volatile SnapshotHousekeeping housekeeping;
    private final java.util.Set<Class<?>> aggregateTypes = new java.util.LinkedHashSet<>();
    private boolean registered;

    private CairnSnapshots(Builder builder) {
        builder.validate();
        this.settings = builder;
        this.database = builder.database;
        this.serializer = builder.serializer;
        builder.thresholds.forEach(thresholds::put);
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
        aggregateTypes.addAll(setup.aggregateTypes());
        for (Class<?> type : setup.aggregateTypes()) {
            SnapshotEvery annotation = type.getAnnotation(SnapshotEvery.class);
            if (annotation != null) {
                thresholds.putIfAbsent(type, requirePositive(type, annotation.value()));
            }
        }
        // snapshotEvery on the entry point wins; the entry point keeps its own threshold when it has one
        thresholds.forEach((type, threshold) -> {
            if (setup.aggregateTypes().contains(type)) {
                setup.snapshotThreshold(type, threshold);
            }
        });
        thresholds.putAll(setup.snapshotThresholds());
        setup.snapshotTriggers((type, threshold, c) -> new EventCountSnapshotTriggerDefinition(snapshotter(c),
                                                                                               threshold));
        setup.eventStorage(eventStorage());
        registerWith(setup.configurer());
    }

    /**
     * Registers the snapshotter, the start-up index creation, the background snapshotter (when enabled) and their
     * shutdown on a plain Axon configurer. The extension does this itself.
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
                                                          .threads(settings.threads)
                                                          .queueCapacity(settings.queueCapacity)
                                                          .shutdownTimeout(settings.shutdownTimeout)
                                                          .build());
        configurer.onInitialize(c -> configuration = c);
        configurer.onStart(Phase.INBOUND_EVENT_CONNECTORS + 1, this::start);
        configurer.onShutdown(Phase.INBOUND_EVENT_CONNECTORS + 1, this::stopBackground);
        configurer.onShutdown(Phase.INBOUND_EVENT_CONNECTORS, () -> snapshotter().shutdown());
        return this;
    }

    /**
     * @return the trigger definition for {@code AggregateConfigurer.configureSnapshotTrigger(...)}, using the
     * type's threshold from the builder or its {@link SnapshotEvery}
     */
    public Function<Configuration, SnapshotTriggerDefinition> snapshotTrigger(Class<?> aggregateType) {
        int threshold = thresholdOf(aggregateType);
        return c -> new EventCountSnapshotTriggerDefinition(snapshotter(c), threshold);
    }

    /**
     * @return a filter for the storage engine that ignores snapshots of other revisions than the current
     * {@code @Revision} of the given aggregate classes, and snapshots that cannot be deserialized
     */
    public CairnSnapshotFilter snapshotFilter(Iterable<Class<?>> aggregateTypes) {
        java.util.List<Class<?>> types = new java.util.ArrayList<>();
        aggregateTypes.forEach(types::add);
        return CairnSnapshotFilter.builder()
                                  .serializer(serializer != null ? serializer : CairnSerializers.defaultSerializer())
                                  .aggregateTypes(types)
                                  .build();
    }

    /**
     * @return an engine customization installing {@link #snapshotFilter(Iterable)} for every aggregate class of the
     * application; pass it to the Cairn builder's {@code eventStorage(...)} so that outdated or unreadable snapshots
     * are ignored instead of failing commands
     */
    public Consumer<MongoEventStorageEngine.Builder> eventStorage() {
        return engine -> {
            java.util.Set<Class<?>> types = new java.util.LinkedHashSet<>(aggregateTypes);
            types.addAll(thresholds.keySet());
            engine.snapshotFilter(snapshotFilter(types));
        };
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
                    housekeeping = new SnapshotHousekeeping(database, settings.snapshotCollectionName,
                                                            settings.eventCollectionName, snapshotter(),
                                                            thresholds);
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

    /** @return the thresholds in effect, by aggregate class */
    public Map<Class<?>, Integer> thresholds() {
        return Map.copyOf(thresholds);
    }

    private void start() {
        SnapshotIndexes.ensure(database.getCollection(settings.snapshotCollectionName));
        if (settings.background) {
            if (thresholds.isEmpty()) {
                throw new AxonConfigurationException("The background snapshotter is enabled but no aggregate has a "
                                                             + "snapshot threshold");
            }
            BackgroundSnapshotter started = BackgroundSnapshotter.builder()
                                                                 .name(settings.backgroundName)
                                                                 .eventSource(configuration.eventStore())
                                                                 .snapshotter(snapshotter())
                                                                 .thresholds(thresholds)
                                                                 .database(database)
                                                                 .serializer(serializer)
                                                                 .snapshotCollectionName(settings.snapshotCollectionName)
                                                                 .batchSize(settings.backgroundBatchSize)
                                                                 .pollInterval(settings.backgroundPollInterval)
                                                                 .build();
            started.start();
            background = started;
        }
    }

    private void stopBackground() {
        BackgroundSnapshotter current = background;
        if (current != null) {
            current.shutdown();
        }
    }

    private int thresholdOf(Class<?> aggregateType) {
        Integer threshold = thresholds.get(aggregateType);
        if (threshold == null) {
            SnapshotEvery annotation = aggregateType.getAnnotation(SnapshotEvery.class);
            if (annotation == null) {
                throw new AxonConfigurationException("Aggregate class [" + aggregateType.getName() + "] has no "
                                                             + "snapshot threshold: annotate it with @SnapshotEvery "
                                                             + "or set builder().threshold(type, n)");
            }
            threshold = requirePositive(aggregateType, annotation.value());
            thresholds.put(aggregateType, threshold);
        }
        return threshold;
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
     * Builds {@link CairnSnapshots}. Setters fail fast.
     */
    public static final class Builder {

        private int threads = 1;
        private int queueCapacity = 1_000;
        private Duration shutdownTimeout = Duration.ofSeconds(10);
        private boolean background;
        private String backgroundName = "cairn-background-snapshotter";
        private int backgroundBatchSize = 1_000;
        private Duration backgroundPollInterval = Duration.ofMillis(500);
        private final Map<Class<?>, Integer> thresholds = new HashMap<>();
        private MongoDatabase database;
        private Serializer serializer;
        private String snapshotCollectionName = "snapshots";
        private String eventCollectionName = "events";

        /** Sets how many snapshots run at the same time. Defaults to 1. */
        public Builder threads(int threads) {
            assertThat(threads, t -> t > 0, "The snapshotter threads must be positive, not " + threads);
            this.threads = threads;
            return this;
        }

        /** Sets how many snapshot requests may wait; more are dropped and counted. Defaults to 1,000. */
        public Builder queueCapacity(int queueCapacity) {
            assertThat(queueCapacity, q -> q > 0,
                       "The snapshotter queue capacity must be positive, not " + queueCapacity);
            this.queueCapacity = queueCapacity;
            return this;
        }

        /** Sets how long shutdown waits for queued snapshots. Defaults to 10 seconds. */
        public Builder shutdownTimeout(Duration shutdownTimeout) {
            assertNonNull(shutdownTimeout, "The shutdown timeout may not be null");
            assertThat(shutdownTimeout, t -> !t.isNegative(), "The shutdown timeout may not be negative");
            this.shutdownTimeout = shutdownTimeout;
            return this;
        }

        /** Runs the background snapshotter inside the application. Defaults to {@code false}. */
        public Builder background(boolean background) {
            this.background = background;
            return this;
        }

        /** Sets the background snapshotter's name (key of its position). Defaults to {@code cairn-background-snapshotter}. */
        public Builder backgroundName(String name) {
            assertThat(name, n -> n != null && !n.isBlank(), "The background snapshotter name may not be blank");
            this.backgroundName = name;
            return this;
        }

        /** Sets the events per background batch (one saved position each). Defaults to 1,000. */
        public Builder backgroundBatchSize(int batchSize) {
            assertThat(batchSize, b -> b > 0, "The background batch size must be positive, not " + batchSize);
            this.backgroundBatchSize = batchSize;
            return this;
        }

        /** Sets how long the background snapshotter waits for events per poll. Defaults to 500 ms. */
        public Builder backgroundPollInterval(Duration pollInterval) {
            assertNonNull(pollInterval, "The poll interval may not be null");
            assertThat(pollInterval, p -> !p.isNegative() && !p.isZero(), "The poll interval must be positive");
            this.backgroundPollInterval = pollInterval;
            return this;
        }

        /** Snapshots the aggregate class every {@code threshold} events (overrides its {@link SnapshotEvery}). */
        public Builder threshold(Class<?> aggregateType, int threshold) {
            assertNonNull(aggregateType, "The aggregate type may not be null");
            requirePositive(aggregateType, threshold);
            thresholds.put(aggregateType, threshold);
            return this;
        }

        /** Sets the event store's database; required on plain Axon, taken from Cairn by the extension. */
        public Builder database(MongoDatabase database) {
            assertNonNull(database, "The MongoDatabase may not be null");
            this.database = database;
            return this;
        }

        /** Sets the snapshot and token serializer; defaults to the application's (Cairn) or Cairn's default. */
        public Builder serializer(Serializer serializer) {
            assertNonNull(serializer, "The Serializer may not be null");
            this.serializer = serializer;
            return this;
        }

        /** Sets the engine's snapshot collection. Defaults to {@code snapshots}. */
        public Builder snapshotCollectionName(String name) {
            assertThat(name, n -> n != null && !n.isBlank(), "The snapshot collection name may not be blank");
            this.snapshotCollectionName = name;
            return this;
        }

        /** Sets the engine's event collection. Defaults to {@code events}. */
        public Builder eventCollectionName(String name) {
            assertThat(name, n -> n != null && !n.isBlank(), "The event collection name may not be blank");
            this.eventCollectionName = name;
            return this;
        }

        public CairnSnapshots build() {
            return new CairnSnapshots(this);
        }

        void validate() throws AxonConfigurationException {
            if (snapshotCollectionName.equals(eventCollectionName)) {
                throw new AxonConfigurationException("The snapshot and event collections must differ, both are ["
                                                             + eventCollectionName + "]");
            }
        }
    }
}
