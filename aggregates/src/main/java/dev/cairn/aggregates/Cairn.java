package dev.cairn.aggregates;

import com.mongodb.client.MongoDatabase;
import dev.cairn.aggregates.internal.CairnSettings;
import dev.cairn.aggregates.internal.IdempotencyInterceptor;
import dev.cairn.aggregates.internal.MongoTarget;
import dev.cairn.aggregates.internal.SettingChecks;
import dev.cairn.aggregates.internal.TenantScopedCache;
import dev.cairn.eventstore.mongo.AllowedTypes;
import dev.cairn.eventstore.mongo.CairnSerializers;
import dev.cairn.eventstore.mongo.MongoEventStorageEngine;
import dev.cairn.eventstore.mongo.support.CairnCollections;
import org.axonframework.common.AxonConfigurationException;
import org.axonframework.config.Configurer;
import org.axonframework.eventsourcing.EventCountSnapshotTriggerDefinition;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.upcasting.event.EventUpcaster;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import static org.axonframework.common.BuilderUtils.assertNonNull;
import static org.axonframework.common.BuilderUtils.assertThat;

/**
 * The entry point of a plain Java Cairn application.
 * <pre>{@code
 * try (CairnApplication app = Cairn.builder()
 *                                  .mongo("mongodb://localhost:27017", "shop")
 *                                  .aggregate(Order.class)
 *                                  .snapshotEvery(Order.class, 100)
 *                                  .start()) {
 *     String orderId = app.commandGateway().sendAndWait(new PlaceOrder("order-1", "alice"));
 * }
 * }</pre>
 * Domain code keeps Axon's annotations ({@code @AggregateIdentifier}, {@code @CommandHandler},
 * {@code @EventSourcingHandler}, {@code AggregateLifecycle.apply}); events and commands are Java records.
 */
public final class Cairn {

    /** Command metadata making a command idempotent: a repeat within the retention gets the first outcome. */
    public static final String IDEMPOTENCY_KEY = IdempotencyInterceptor.METADATA_KEY;

    /** Command metadata ({@code true}): a positional key, as a saga's, compared on the command type only (ADR 74). */
    public static final String POSITIONAL_IDEMPOTENCY_KEY = IdempotencyInterceptor.POSITIONAL_KEY;

    /**
     * Message metadata naming the tenant a command is for, copied to the events it causes and to the commands sent
     * while handling them (ADR 85; module {@code cairn-tenants}).
     */
    public static final String TENANT_KEY = TenantScopedCache.TENANT_KEY;

    /** The collection holding idempotency keys. */
    public static final String IDEMPOTENCY_COLLECTION = CairnCollections.IDEMPOTENCY;

    private Cairn() {
    }

    /** @return a new builder; a database ({@link Builder#mongo} or {@link Builder#database}) is the only requirement */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Collects the parts of an application and starts it. Defaults:
     * <ul>
     *     <li>serializer {@link CairnSerializers#defaultSerializer()} for events, snapshots and messages;</li>
     *     <li>event store: {@link MongoEventStorageEngine} with its defaults under Axon's embedded event store;</li>
     *     <li>no snapshots unless {@link #snapshotEvery(Class, int)} is set; then Axon's
     *     {@link EventCountSnapshotTriggerDefinition} with the configuration's snapshotter, unless an extension sets
     *     another {@link SnapshotTriggerFactory};</li>
     *     <li>no aggregate cache (with it: {@value #DEFAULT_AGGREGATE_CACHE_SIZE} aggregates per type); idempotency
     *     keys kept 24 hours, duplicates wait up to 30 seconds for the first execution's outcome, an executing send's
     *     lease on its key 5 seconds;</li>
     *     <li>index creation on: every component creates the indexes it needs at start-up (see
     *     {@link #indexCreation(boolean)}).</li>
     * </ul>
     * Follows Axon's builder protocol: setters fail fast with an {@link AxonConfigurationException} naming the
     * setting, {@link #start()} validates the whole and hands an immutable copy of the settings to the assembly.
     */
    public static final class Builder {

        /** Aggregates kept per type by {@link #aggregateCache(boolean) aggregateCache(true)}. */
        public static final int DEFAULT_AGGREGATE_CACHE_SIZE = 1_000;

        private MongoTarget target;
        private final Set<Class<?>> aggregates = new LinkedHashSet<>();
        private final Map<Class<?>, Integer> thresholds = new LinkedHashMap<>();
        private final List<CairnExtension> extensions = new ArrayList<>();
        private final List<Consumer<Configurer>> customizations = new ArrayList<>();
        private final List<Consumer<MongoEventStorageEngine.Builder>> storageCustomizations = new ArrayList<>();
        private int aggregateCacheSize;
        private Duration idempotencyRetention = Duration.ofHours(24);
        private Duration idempotencyWait = Duration.ofSeconds(30);
        private Duration idempotencyLease = Duration.ofSeconds(5);
        private Duration startupTimeout = Duration.ofSeconds(5);
        private Serializer serializer;
        private boolean eventImmutabilityCheck = true;
        private boolean indexCreation = true;
        private final List<String> allowedPackages = new ArrayList<>();
        private final List<EventUpcaster> upcasters = new ArrayList<>();

        private Builder() {
        }

        /**
         * Connects with a {@code mongodb://} or {@code mongodb+srv://} connection string to the database holding
         * events, snapshots and idempotency keys; {@link #start()} creates the client, the application closes it.
         */
        public Builder mongo(String connectionString, String databaseName) {
            this.target = MongoTarget.of(connectionString, databaseName);
            return this;
        }

        /** Uses a database of a client the caller owns (and closes). */
        public Builder database(MongoDatabase database) {
            this.target = MongoTarget.of(database);
            return this;
        }

        /** Registers an event-sourced aggregate class (annotated with Axon's annotations). */
        public Builder aggregate(Class<?> aggregateType) {
            assertNonNull(aggregateType, "aggregate(...) may not be given a null aggregate class");
            aggregates.add(aggregateType);
            return this;
        }

        /** Snapshots an aggregate every {@code threshold} events, counting those read while loading (positive). */
        public Builder snapshotEvery(Class<?> aggregateType, int threshold) {
            assertNonNull(aggregateType, "snapshotEvery(...) may not be given a null aggregate class");
            thresholds.put(aggregateType, SnapshotPolicy.checked(aggregateType, threshold));
            return this;
        }

        /** Adds a module (snapshots, projections, sagas...), called in the order added ({@link CairnExtension}). */
        public Builder extension(CairnExtension extension) {
            assertNonNull(extension, "extension may not be null");
            extensions.add(extension);
            return this;
        }

        /**
         * Keeps up to {@value #DEFAULT_AGGREGATE_CACHE_SIZE} recently used aggregates per type in memory (Axon's
         * caching repository), so that a command does not reload its aggregate from MongoDB. Meant for a single node:
         * with several nodes writing the same aggregates, a stale cached aggregate fails its append with a concurrency
         * error. Off by default. A cached aggregate belongs to the tenant of the command that loaded it
         * ({@link #TENANT_KEY}): a command of another tenant never finds it in the cache (ADR 85).
         */
        public Builder aggregateCache(boolean enabled) {
            this.aggregateCacheSize = enabled ? DEFAULT_AGGREGATE_CACHE_SIZE : 0;
            return this;
        }

        /** Like {@code aggregateCache(true)}, keeping up to {@code maxAggregatesPerType} (positive) per type. */
        public Builder aggregateCache(int maxAggregatesPerType) {
            assertThat(maxAggregatesPerType, size -> size > 0,
                       "aggregateCache size must be positive, was " + maxAggregatesPerType);
            this.aggregateCacheSize = maxAggregatesPerType;
            return this;
        }

        /** How long an idempotency key is remembered (a TTL index on its collection). Defaults to 24 hours. */
        public Builder idempotencyRetention(Duration retention) {
            this.idempotencyRetention = SettingChecks.positive(retention, "idempotencyRetention");
            return this;
        }

        /**
         * How long a duplicate command waits for the outcome of a first execution still in progress before it fails
         * with {@link IdempotencyKeyInProgressException}. Defaults to 30 seconds.
         */
        public Builder idempotencyWaitTimeout(Duration timeout) {
            this.idempotencyWait = SettingChecks.positive(timeout, "idempotencyWaitTimeout");
            return this;
        }

        /**
         * How long an executing send holds its idempotency key unrenewed (it renews every third); after it ends on the
         * database clock, a repeat takes the key over and settles it by the key's commit (ADR 74). Defaults to 5 s.
         */
        public Builder idempotencyLease(Duration lease) {
            this.idempotencyLease = SettingChecks.positive(lease, "idempotencyLease");
            return this;
        }

        /**
         * How long {@link #start()} waits for MongoDB to answer before it fails with a
         * {@link CairnStartupException} naming the hosts and what to check. Defaults to 5 seconds. The client's own
         * timeouts (from the connection string or the client you pass) still apply after start-up.
         */
        public Builder startupTimeout(Duration timeout) {
            this.startupTimeout = SettingChecks.positive(timeout, "startupTimeout");
            return this;
        }

        /** Sets the serializer of events, snapshots, messages; default {@link CairnSerializers#defaultSerializer()}. */
        public Builder serializer(Serializer serializer) {
            assertNonNull(serializer, "serializer may not be null");
            this.serializer = serializer;
            return this;
        }

        /**
         * Adjusts the event storage engine (collection names, batch size, write concern...) before it is built. The
         * database, serializers and upcasters ({@link #upcaster}) are already set and may be overridden.
         */
        public Builder eventStorage(Consumer<MongoEventStorageEngine.Builder> customization) {
            assertNonNull(customization, "eventStorage(...) may not be given a null customization");
            storageCustomizations.add(customization);
            return this;
        }

        /**
         * Adds an upcaster to the chain that every stored event passes before it is deserialized: when aggregates
         * load (with or without a snapshot), when processors and projections stream or replay, and in
         * {@code AggregateFixture} runs on MongoDB. Upcasters run in the order added, before those registered through
         * {@link #configure(Consumer)}. The allowed stored types ({@link #allowStoredTypes(String...)}) apply to the
         * upcasted type: an upcaster may rename a type whose old name is not allowed (README, "Evolving events").
         */
        public Builder upcaster(EventUpcaster upcaster) {
            assertNonNull(upcaster, "upcaster may not be null");
            upcasters.add(upcaster);
            return this;
        }

        /**
         * Adds packages (with subpackages) whose classes stored events, snapshots and command results may name,
         * besides Cairn's own, Java's value types and the aggregates' and their events' packages; any other stored
         * name reads as Axon's {@code UnknownSerializedType} and is never instantiated (see {@link AllowedTypes}).
         */
        public Builder allowStoredTypes(String... packages) {
            assertNonNull(packages, "allowStoredTypes(...) may not be given a null array of packages");
            for (String name : packages) {
                allowedPackages.add(SettingChecks.text(name, "package"));
            }
            return this;
        }

        /** Whether {@link #start()} refuses aggregates sourcing mutable event types (see {@link EventTypeCheck}). */
        public Builder eventImmutabilityCheck(boolean enabled) {
            this.eventImmutabilityCheck = enabled;
            return this;
        }

        /**
         * Whether {@link #start()} creates the indexes every component it assembles needs (extensions read
         * {@link CairnSetup#indexCreation()}). On by default. Off (README, "Running with least privilege"): start-up
         * creates none and fails naming the first missing index and {@code cairn indexes ensure}. Either way an index
         * of Cairn's name with another definition fails start-up; a component's own builder may override it.
         */
        public Builder indexCreation(boolean enabled) {
            this.indexCreation = enabled;
            return this;
        }

        /**
         * Registers Cairn's meters ({@link CairnMeters}; projections add {@code cairn.projection.*}) in
         * {@code registry}, the same as the Spring Boot auto-configuration; none without it. Axon's own handler
         * meters come from {@code axon-micrometer}, configured through {@link #configure(Consumer)}.
         */
        public Builder meterRegistry(io.micrometer.core.instrument.MeterRegistry registry) {
            assertNonNull(registry, "meterRegistry(...) may not be given a null registry");
            CairnMeters meters = new CairnMeters(registry);
            storageCustomizations.add(engine -> engine.appendListener(meters));
            customizations.add(configurer -> {
                configurer.registerComponent(CairnMeters.class, c -> meters);
                configurer.onInitialize(c -> c.onStart(0, () -> meters
                        .bindClaims(c.getComponent(MongoEventStorageEngine.class))
                        .bindIdempotency(c.getComponent(IdempotentCommands.class))));
            });
            return this;
        }

        /** Escape hatch to Axon: called with the configurer after Cairn and its extensions, before it is built. */
        public Builder configure(Consumer<Configurer> customization) {
            assertNonNull(customization, "configure(...) may not be given a null customization");
            customizations.add(customization);
            return this;
        }

        /**
         * Describes the collections of the application this builder starts, with their configured names (ADR 73): the
         * event store's, the idempotency keys', the extensions'. Starts nothing and needs no database (the CLI asks).
         *
         * @throws AxonConfigurationException when two collections share a name
         */
        public CairnCollections collections() {
            return Assembly.collections(storageCustomizations, extensions);
        }

        /**
         * Validates the builder, configures Axon, calls the extensions and the escape hatches, and starts it.
         *
         * @throws AxonConfigurationException naming the option, class or field that is wrong
         * @throws MutableEventTypeException  when an aggregate sources an event type that is not immutable
         * @throws CairnStartupException      when MongoDB does not answer in the start-up timeout or refuses login
         */
        public CairnApplication start() {
            validate();
            return Assembly.start(new CairnSettings(target, startupTimeout, aggregates, thresholds, extensions,
                                                    customizations, storageCustomizations, upcasters,
                                                    allowedPackages, serializer, aggregateCacheSize,
                                                    idempotencyRetention, idempotencyWait, idempotencyLease,
                                                    indexCreation));
        }

        /**
         * Checks the combination of settings, naming what is missing or wrong: a database is set, every
         * {@code snapshotEvery} names a registered aggregate, and (unless switched off) event types are immutable.
         */
        protected void validate() throws AxonConfigurationException {
            assertNonNull(target, "No MongoDB configured: call mongo(connectionString, databaseName) or "
                    + "database(MongoDatabase)");
            thresholds.keySet().forEach(type -> assertThat(type, aggregates::contains, "snapshotEvery("
                    + type.getName() + ", ...) names a class that is not registered with aggregate(...)"));
            if (eventImmutabilityCheck) {
                EventTypeCheck.requireImmutableEvents(aggregates);
            }
        }
    }
}
