package dev.cairn.aggregates;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import dev.cairn.aggregates.internal.CairnSetupImpl;
import dev.cairn.aggregates.internal.IdempotencyInterceptor;
import dev.cairn.aggregates.internal.IdempotencyStore;
import dev.cairn.aggregates.internal.LruAggregateCache;
import dev.cairn.eventstore.mongo.CairnSerializers;
import dev.cairn.eventstore.mongo.MongoEventStorageEngine;
import org.axonframework.config.AggregateConfigurer;
import org.axonframework.config.Configuration;
import org.axonframework.config.Configurer;
import org.axonframework.config.DefaultConfigurer;
import org.axonframework.eventsourcing.EventCountSnapshotTriggerDefinition;
import org.axonframework.eventsourcing.NoSnapshotTriggerDefinition;
import org.axonframework.serialization.Serializer;

import java.time.Clock;

/**
 * Turns a validated {@link Cairn.Builder} into a started application: Axon configurer, event store, aggregates,
 * extensions, escape hatches, idempotency, in that order.
 */
final class Assembly {

    private Assembly() {
    }

    static CairnApplication start(Cairn.Builder options) {
        MongoClient ownedClient = options.connectionString == null ? null
                : MongoClients.create(options.connectionString);
        Configuration configuration = null;
        try {
            MongoDatabase db = ownedClient == null ? options.database : ownedClient.getDatabase(options.databaseName);
            Serializer ser = options.serializer != null ? options.serializer : CairnSerializers.defaultSerializer();
            Configurer configurer = DefaultConfigurer.defaultConfiguration()
                                                     .configureSerializer(c -> ser)
                                                     .configureEventSerializer(c -> ser)
                                                     .configureMessageSerializer(c -> ser);
            CairnSetupImpl setup = new CairnSetupImpl(configurer, db, ser, options.aggregates, options.thresholds,
                                                      Assembly::defaultTrigger);
            configurer.configureEmbeddedEventStore(c -> storageEngine(options, setup, db, ser, c));
            options.aggregates.forEach(type -> configurer.configureAggregate(aggregate(options, type, setup)));
            options.extensions.forEach(extension -> extension.configure(setup));
            options.customizations.forEach(customization -> customization.accept(configurer));

            configuration = configurer.buildConfiguration();
            IdempotencyStore keys = new IdempotencyStore(db.getCollection(Cairn.IDEMPOTENCY_COLLECTION),
                                                         options.idempotencyRetention, Clock.systemUTC());
            keys.ensureIndexes();
            configuration.commandBus().registerHandlerInterceptor(
                    new IdempotencyInterceptor(keys, ser, options.idempotencyWait));
            configuration.start();
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

    private static MongoEventStorageEngine storageEngine(Cairn.Builder options, CairnSetupImpl setup,
                                                         MongoDatabase db, Serializer ser, Configuration c) {
        MongoEventStorageEngine.Builder engine = MongoEventStorageEngine.builder()
                                                                        .database(db)
                                                                        .eventSerializer(ser)
                                                                        .snapshotSerializer(ser)
                                                                        .upcasterChain(c.upcasterChain())
                                                                        .snapshotFilter(c.snapshotFilter());
        options.storageCustomizations.forEach(customization -> customization.accept(engine));
        setup.storageCustomizations().forEach(customization -> customization.accept(engine));
        return engine.build();
    }

    private static <A> AggregateConfigurer<A> aggregate(Cairn.Builder options, Class<A> type, CairnSetupImpl setup) {
        AggregateConfigurer<A> aggregate = AggregateConfigurer.defaultConfiguration(type);
        // Resolved when Axon builds the repository, so thresholds and factories set by extensions apply.
        aggregate.configureSnapshotTrigger(c -> {
            Integer threshold = setup.snapshotThresholdOf(type);
            return threshold == null ? NoSnapshotTriggerDefinition.INSTANCE
                    : setup.snapshotTriggerFactory().create(type, threshold, c);
        });
        if (options.aggregateCacheSize > 0) {
            int size = options.aggregateCacheSize;
            aggregate.configureCache(c -> new LruAggregateCache(size));
        }
        return aggregate;
    }

    private static EventCountSnapshotTriggerDefinition defaultTrigger(Class<?> type, int threshold,
                                                                      Configuration configuration) {
        return new EventCountSnapshotTriggerDefinition(configuration.snapshotter(), threshold);
    }
}
