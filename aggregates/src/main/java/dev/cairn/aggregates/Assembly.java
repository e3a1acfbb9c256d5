package dev.cairn.aggregates;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import dev.cairn.aggregates.internal.CairnSettings;
import dev.cairn.aggregates.internal.CairnSetupImpl;
import dev.cairn.aggregates.internal.LruAggregateCache;
import dev.cairn.aggregates.internal.MongoConnection;
import dev.cairn.aggregates.internal.MongoTarget;
import dev.cairn.aggregates.internal.QuietLogging;
import dev.cairn.aggregates.internal.TenantScopedCache;
import dev.cairn.eventstore.mongo.AllowedTypes;
import dev.cairn.eventstore.mongo.CairnSerializers;
import dev.cairn.eventstore.mongo.MongoEventStorageEngine;
import dev.cairn.eventstore.mongo.support.CairnCollections;
import dev.cairn.processing.WakeableEventStore;
import org.axonframework.config.AggregateConfigurer;
import org.axonframework.config.Configuration;
import org.axonframework.config.Configurer;
import org.axonframework.config.DefaultConfigurer;
import org.axonframework.eventsourcing.EventCountSnapshotTriggerDefinition;
import org.axonframework.eventsourcing.NoSnapshotTriggerDefinition;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.serialization.Serializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Turns the validated settings of a {@link Cairn.Builder} into a started application: Axon configurer, event store,
 * aggregates, extensions, escape hatches, idempotency, in that order.
 */
final class Assembly {

    private static final Logger logger = LoggerFactory.getLogger(Cairn.class);

    private Assembly() {
    }

    static CairnApplication start(CairnSettings settings) {
        QuietLogging.applyDefaults();
        MongoTarget target = settings.target();
        MongoClient ownedClient = target.ownsClient() ? MongoClients.create(target.connectionString()) : null;
        Configuration configuration = null;
        try {
            MongoDatabase db = ownedClient == null ? target.database() : ownedClient.getDatabase(target.databaseName());
            String where = target.describe();
            MongoConnection.requireReachable(db, where, settings.startupTimeout());
            Serializer ser = settings.serializer() != null ? settings.serializer()
                    : CairnSerializers.defaultSerializer();
            Configurer configurer = DefaultConfigurer.defaultConfiguration()
                                                     .configureSerializer(c -> ser)
                                                     .configureEventSerializer(c -> ser)
                                                     .configureMessageSerializer(c -> ser);
            CairnSetupImpl setup = new CairnSetupImpl(configurer, db, ser, settings.aggregates(), settings.thresholds(),
                                                      Assembly::defaultTrigger, settings.indexCreation());
            AllowedTypes allowed = allowedTypes(settings);
            IdempotentCommands idempotency = IdempotentCommands.of(settings.idempotencyRetention(),
                                                                   settings.idempotencyWait(),
                                                                   settings.idempotencyLease(),
                                                                   settings.indexCreation());
            // a component, so that extensions reach the engine's layout and snapshot catalog
            configurer.registerComponent(MongoEventStorageEngine.class,
                                         c -> storageEngine(settings, setup, db, ser, allowed, idempotency, c));
            configurer.configureEventStore(Assembly::eventStore);
            configurer.registerComponent(IdempotentCommands.class, c -> idempotency);
            settings.aggregates().forEach(type -> configurer.configureAggregate(aggregate(settings, type, setup)));
            settings.extensions().forEach(extension -> extension.configure(setup));
            SnapshotPolicy policy = setup.resolveSnapshotPolicy();
            configurer.registerComponent(SnapshotPolicy.class, c -> policy);
            settings.upcasters().forEach(upcaster -> configurer.registerEventUpcaster(c -> upcaster));
            settings.customizations().forEach(customization -> customization.accept(configurer));

            configuration = configurer.buildConfiguration();
            MongoEventStorageEngine engine = configuration.getComponent(MongoEventStorageEngine.class);
            idempotency.install(configuration, db, engine, allowed);
            configuration.start();
            logger.info("Cairn started on {}, database [{}], aggregates {}", where, db.getName(),
                        settings.aggregates().stream().map(Class::getSimpleName).toList());
            return new CairnApplication(configuration, db, ownedClient);
        } catch (RuntimeException e) {
            if (configuration != null) {
                configuration.shutdown();
            }
            if (ownedClient != null) {
                ownedClient.close();
            }
            throw e;
        }
    }

    /**
     * Axon's embedded event store on the engine, reading new events of other nodes every 250 ms when idle (Axon's
     * default is a second); events committed on this node reach its readers at once.
     */
    /** @return the collections an application uses, as its engine customizations and extensions name them */
    static CairnCollections collections(List<Consumer<MongoEventStorageEngine.Builder>> storageCustomizations,
                                        List<CairnExtension> extensions) {
        MongoEventStorageEngine.Builder engine = MongoEventStorageEngine.builder();
        storageCustomizations.forEach(customization -> customization.accept(engine));
        CairnCollections collections = engine.collections(CairnCollections.defaults());
        for (CairnExtension extension : extensions) {
            collections = extension.collections(collections);
        }
        return collections;
    }

    private static EmbeddedEventStore eventStore(Configuration c) {
        // wakeable: a commit doorbell makes its reader look for other nodes' commits at once (ADR 83)
        EmbeddedEventStore eventStore = WakeableEventStore.builder()
                                                          .storageEngine(c.getComponent(MongoEventStorageEngine.class))
                                                          .fetchDelay(250)
                                                          .build();
        c.onShutdown(eventStore::shutDown);
        return eventStore;
    }

    /**
     * Cairn's own types, the packages of the registered aggregates and of the events they source, and those the
     * builder added.
     */
    private static AllowedTypes allowedTypes(CairnSettings settings) {
        Set<Class<?>> types = new LinkedHashSet<>(settings.aggregates());
        settings.aggregates().forEach(aggregate -> types.addAll(EventTypeCheck.sourcedEventTypes(aggregate)));
        return AllowedTypes.cairnDefaults().withPackagesOf(types).withPackages(settings.allowedPackages());
    }

    private static MongoEventStorageEngine storageEngine(CairnSettings settings, CairnSetupImpl setup,
                                                         MongoDatabase db, Serializer ser, AllowedTypes allowed,
                                                         IdempotentCommands idempotency, Configuration c) {
        MongoEventStorageEngine.Builder engine = MongoEventStorageEngine.builder()
                                                                        .database(db)
                                                                        .eventSerializer(ser)
                                                                        .snapshotSerializer(ser)
                                                                        .allowedTypes(allowed)
                                                                        .commitKeys(idempotency.commitKeys())
                                                                        .indexCreation(settings.indexCreation())
                                                                        .upcasterChain(c.upcasterChain())
                                                                        .snapshotFilter(c.snapshotFilter());
        settings.storageCustomizations().forEach(customization -> customization.accept(engine));
        setup.storageCustomizations().forEach(customization -> customization.accept(engine));
        return engine.build();
    }

    private static <A> AggregateConfigurer<A> aggregate(CairnSettings settings, Class<A> type, CairnSetupImpl setup) {
        AggregateConfigurer<A> aggregate = AggregateConfigurer.defaultConfiguration(type);
        // Resolved when Axon builds the repository, from the policy resolved after the extensions ran.
        aggregate.configureSnapshotTrigger(c -> {
            OptionalInt threshold = c.getComponent(SnapshotPolicy.class).thresholdOf(type);
            return threshold.isEmpty() ? NoSnapshotTriggerDefinition.INSTANCE
                    : setup.snapshotTriggerFactory().create(type, threshold.getAsInt(), c);
        });
        if (settings.aggregateCacheSize() > 0) {
            int size = settings.aggregateCacheSize();
            // entries per tenant: a cached aggregate of one tenant never serves a command of another (ADR 85)
            aggregate.configureCache(c -> new TenantScopedCache(new LruAggregateCache(size)));
        }
        return aggregate;
    }

    private static EventCountSnapshotTriggerDefinition defaultTrigger(Class<?> type, int threshold,
                                                                      Configuration configuration) {
        return new EventCountSnapshotTriggerDefinition(configuration.snapshotter(), threshold);
    }
}
