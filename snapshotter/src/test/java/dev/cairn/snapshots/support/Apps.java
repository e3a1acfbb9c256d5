package dev.cairn.snapshots.support;

import com.example.snapshots.Counter;
import com.mongodb.client.MongoDatabase;
import dev.cairn.eventstore.mongo.AllowedTypes;
import dev.cairn.eventstore.mongo.CairnSerializers;
import dev.cairn.eventstore.mongo.MongoEventStorageEngine;
import dev.cairn.snapshots.CairnSnapshots;
import org.axonframework.config.AggregateConfigurer;
import org.axonframework.config.Configuration;
import org.axonframework.config.Configurer;
import org.axonframework.config.DefaultConfigurer;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.serialization.Serializer;

import java.util.List;
import java.util.function.Function;

/**
 * Plain Axon applications over the Cairn engine, as the snapshotter's tests need them.
 */
public final class Apps {

    /**
     * What a plain Axon application allows its engine to read: Cairn's defaults and the aggregate's package, as
     * the README's "Plain Axon" shows (the entry point adds these itself).
     */
    public static final AllowedTypes ALLOWED = AllowedTypes.cairnDefaults().withPackagesOf(List.of(Counter.class));

    private static final Serializer SERIALIZER = CairnSerializers.defaultSerializer();

    private Apps() {
    }

    /**
     * An application snapshotting {@link Counter} through {@code snapshots}; the engine is made by {@code engine}
     * from the snapshot filter.
     */
    public static Configuration withSnapshots(CairnSnapshots snapshots,
                                              Function<org.axonframework.eventsourcing.snapshotting.SnapshotFilter,
                                                      MongoEventStorageEngine> engine) {
        Configurer configurer = base()
                .registerComponent(MongoEventStorageEngine.class,
                                   c -> engine.apply(snapshots.snapshotFilter(List.of(Counter.class))))
                .configureEmbeddedEventStore(c -> c.getComponent(MongoEventStorageEngine.class))
                .configureAggregate(AggregateConfigurer.defaultConfiguration(Counter.class)
                                                       .configureSnapshotTrigger(
                                                               snapshots.snapshotTrigger(Counter.class)));
        snapshots.registerWith(configurer);
        Configuration configuration = configurer.buildConfiguration();
        configuration.start();
        return configuration;
    }

    /**
     * An application that never snapshots (another node or service writing the same event store).
     */
    public static Configuration withoutSnapshots(MongoDatabase database) {
        Configuration configuration =
                base().configureEmbeddedEventStore(c -> MongoEventStorageEngine.builder().database(database)
                                                                               .allowedTypes(ALLOWED).build())
                      .configureAggregate(Counter.class)
                      .buildConfiguration();
        configuration.start();
        return configuration;
    }

    public static Configurer base() {
        return DefaultConfigurer.defaultConfiguration()
                                .configureSerializer(c -> SERIALIZER)
                                .configureEventSerializer(c -> SERIALIZER)
                                .configureMessageSerializer(c -> SERIALIZER);
    }

    /**
     * Creates a counter and increments it {@code increments} times by 1, 2, 3, ... (one event per command).
     */
    public static void writeCounter(Configuration app, String id, int increments) {
        app.commandGateway().sendAndWait(new Counter.Create(id));
        increment(app, id, 1, increments);
    }

    /** Increments by {@code from}, {@code from + 1}, ... , {@code count} times. */
    public static void increment(Configuration app, String id, long from, int count) {
        for (int i = 0; i < count; i++) {
            app.commandGateway().sendAndWait(new Counter.Increment(id, from + i));
        }
    }

    /** Loads the counter through the repository, without applying anything. */
    public static Counter load(Configuration app, String id) {
        return DefaultUnitOfWork.startAndGet(null).executeWithResult(
                () -> app.repository(Counter.class).load(id).invoke(counter -> counter)).getPayload();
    }

    /** @return the sum 1 + 2 + ... + n */
    public static long triangle(long n) {
        return n * (n + 1) / 2;
    }
}
