package dev.cairn.snapshots;

import com.mongodb.client.MongoDatabase;
import dev.cairn.aggregates.CairnExtension;
import dev.cairn.aggregates.SnapshotPolicy;
import dev.cairn.eventstore.mongo.CairnSerializers;
import dev.cairn.eventstore.mongo.MongoEventStorageEngine;
import dev.cairn.processing.MongoTokenStore;
import dev.cairn.snapshots.internal.SnapshotSettings;
import dev.cairn.snapshots.internal.SnapshotWiring;
import org.axonframework.common.AxonConfigurationException;
import org.axonframework.config.Configuration;
import org.axonframework.config.Configurer;
import org.axonframework.eventsourcing.SnapshotTriggerDefinition;
import org.axonframework.serialization.Serializer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
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

    private final SnapshotWiring wiring;

    private CairnSnapshots(Builder builder) {
        this.wiring = new SnapshotWiring(new SnapshotSettings(builder.snapshotter, builder.background,
                                                              builder.backgroundOptions,
                                                              builder.tokenStoreCustomizations, builder.thresholds,
                                                              builder.database, builder.serializer));
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * @return the extension to pass to the Cairn builder's {@code extension(...)}
     */
    public CairnExtension extension() {
        return wiring::configure;
    }

    /**
     * Registers the snapshotter, the snapshot policy (the entry point replaces it with the application's), the
     * background snapshotter (when enabled) and their shutdown on a plain Axon configurer. The extension does this
     * itself.
     *
     * @throws AxonConfigurationException when no database was set on the builder
     * @throws IllegalStateException      when these snapshots are already registered with an application
     */
    public CairnSnapshots registerWith(Configurer configurer) {
        wiring.registerWith(configurer);
        return this;
    }

    /**
     * @return the trigger definition for {@code AggregateConfigurer.configureSnapshotTrigger(...)} on a plain Axon
     * configuration, using the type's threshold from the builder or its {@link SnapshotEvery}
     * @throws AxonConfigurationException when the class has neither
     */
    public Function<Configuration, SnapshotTriggerDefinition> snapshotTrigger(Class<?> aggregateType) {
        return wiring.snapshotTrigger(aggregateType);
    }

    /**
     * @return a filter for the storage engine that ignores snapshots of other revisions than the current
     * {@code @Revision} of the given aggregate classes (the engine itself ignores snapshots it cannot read)
     */
    public CairnSnapshotFilter snapshotFilter(Iterable<Class<?>> aggregateTypes) {
        return SnapshotWiring.filter(aggregateTypes);
    }

    /**
     * @return an engine customization adding {@link #snapshotFilter(Iterable)} for the aggregate classes with a
     * threshold on this builder to the engine's snapshot filter set so far; the extension adds it for every aggregate
     * of the application itself
     */
    public Consumer<MongoEventStorageEngine.Builder> eventStorage() {
        Set<Class<?>> types = wiring.configuredTypes();
        return engine -> engine.andSnapshotFilter(snapshotFilter(types));
    }

    /** @return the snapshotter of the started application */
    public CairnSnapshotter snapshotter() {
        return wiring.snapshotter();
    }

    /** @return the counters of the snapshotter of the started application */
    public SnapshotMetrics metrics() {
        return snapshotter().metrics();
    }

    /** @return the housekeeping operations of the started application */
    public SnapshotHousekeeping housekeeping() {
        return wiring.housekeeping();
    }

    /** @return the background snapshotter, when enabled and started */
    public Optional<BackgroundSnapshotter> background() {
        return wiring.background();
    }

    /** @return the thresholds in effect, by aggregate class (the application's {@link SnapshotPolicy}) */
    public Map<Class<?>, Integer> thresholds() {
        return wiring.policy().thresholds();
    }

    /**
     * Builds {@link CairnSnapshots}. Setters fail fast with Axon's {@link AxonConfigurationException}; every setting
     * is optional. The snapshotter's and the background snapshotter's options are declared once, in
     * {@link SnapshotterOptions} and {@link BackgroundOptions}: {@link #snapshotter(SnapshotterOptions)} and
     * {@link #background(BackgroundOptions)} set them, {@link #threads} and {@link #queueCapacity} are shorthands.
     */
    public static final class Builder {

        private SnapshotterOptions snapshotter = SnapshotterOptions.defaults();
        private BackgroundOptions backgroundOptions = BackgroundOptions.defaults();
        private boolean background;
        private final Map<Class<?>, Integer> thresholds = new LinkedHashMap<>();
        private MongoDatabase database;
        private Serializer serializer;
        private final List<Consumer<MongoTokenStore.Builder>> tokenStoreCustomizations = new ArrayList<>();

        /** Sets the snapshotter's options. Defaults to {@link SnapshotterOptions#defaults()}. */
        public Builder snapshotter(SnapshotterOptions options) {
            assertNonNull(options, "The snapshotter options may not be null");
            snapshotter = options;
            return this;
        }

        /** Shorthand for {@code snapshotter(options.withThreads(n))}: snapshots at the same time. Defaults to 1. */
        public Builder threads(int threads) {
            return snapshotter(snapshotter.withThreads(threads));
        }

        /** Shorthand for {@code snapshotter(options.withQueueCapacity(n))}: requests that wait. Defaults to 1,000. */
        public Builder queueCapacity(int queueCapacity) {
            return snapshotter(snapshotter.withQueueCapacity(queueCapacity));
        }

        /** Runs the background snapshotter inside the application. Defaults to {@code false}. */
        public Builder background(boolean background) {
            this.background = background;
            return this;
        }

        /**
         * Sets the background snapshotter's options (it still runs only with {@link #background(boolean)}). Defaults
         * to {@link BackgroundOptions#defaults()}.
         */
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

        /**
         * Snapshots the aggregate class every {@code threshold} events (overrides its {@link SnapshotEvery}).
         *
         * @throws AxonConfigurationException naming the class when the threshold is not positive
         */
        public Builder threshold(Class<?> aggregateType, int threshold) {
            assertNonNull(aggregateType, "The aggregate type may not be null");
            thresholds.put(aggregateType, SnapshotPolicy.checked(aggregateType, threshold));
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
