package dev.cairn.benchmarks.internal;

import com.mongodb.client.MongoClient;
import dev.cairn.benchmarks.Contender;
import dev.cairn.eventstore.mongo.CairnSerializers;
import dev.cairn.eventstore.mongo.CommitKey;
import dev.cairn.eventstore.mongo.MongoEventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.snapshotting.SnapshotFilter;
import org.axonframework.extensions.mongo.DefaultMongoTemplate;
import org.axonframework.serialization.Serializer;

import java.util.Optional;
import java.util.UUID;

/**
 * Builds the two storage engines under comparison with their defaults, except that both use Cairn's Jackson
 * serializer (axon-mongo would otherwise fall back to XStream) so that serialization costs the same.
 */
public final class Engines {

    /** The event collection of {@code DefaultMongoTemplate}. */
    public static final String AXON_MONGO_EVENTS = "domainevents";

    private Engines() {
    }

    /**
     * Cairn's engine on database {@code databaseName}: {@code MongoEventStorageEngine.builder().database(db).build()}.
     */
    public static EventStorageEngine cairn(MongoClient client, String databaseName) {
        return cairn(client, databaseName, SnapshotFilter.allowAll());
    }

    private static EventStorageEngine cairn(MongoClient client, String databaseName, SnapshotFilter filter) {
        return MongoEventStorageEngine.builder()
                                      .database(client.getDatabase(databaseName))
                                      .snapshotFilter(filter)
                                      .build();
    }

    /**
     * Cairn's engine whose every append carries an idempotency key and a result, as the commit of an idempotent
     * command does (ADR 74): a 36-character key, its claim, and a UUID string result.
     */
    public static EventStorageEngine cairnWithKeys(MongoClient client, String databaseName) {
        return MongoEventStorageEngine.builder()
                                      .database(client.getDatabase(databaseName))
                                      .commitKeys(events -> Optional.of(new CommitKey(
                                              UUID.randomUUID().toString(), UUID.randomUUID().toString(),
                                              String.class.getName(), null,
                                              "\"" + UUID.randomUUID() + "\"")))
                                      .build();
    }

    /**
     * @return the collection holding a contender's events
     */
    public static String eventCollection(Contender contender) {
        return contender == Contender.AXON_MONGO ? AXON_MONGO_EVENTS : "events";
    }

    /**
     * Axon's MongoDB extension on database {@code databaseName}: {@code DefaultMongoTemplate}, document per event.
     */
    public static EventStorageEngine axonMongo(MongoClient client, String databaseName) {
        return axonMongo(client, databaseName, SnapshotFilter.allowAll());
    }

    private static EventStorageEngine axonMongo(MongoClient client, String databaseName, SnapshotFilter filter) {
        Serializer serializer = CairnSerializers.defaultSerializer();
        return org.axonframework.extensions.mongo.eventsourcing.eventstore.MongoEventStorageEngine
                .builder()
                .mongoTemplate(DefaultMongoTemplate.builder().mongoDatabase(client, databaseName).build())
                .eventSerializer(serializer)
                .snapshotSerializer(serializer)
                .snapshotFilter(filter)
                .build();
    }

    /**
     * The engine of {@code contender}, which must not be the raw driver.
     */
    public static EventStorageEngine of(Contender contender, MongoClient client, String databaseName) {
        return of(contender, client, databaseName, true);
    }

    /**
     * The engine of {@code contender}; with {@code snapshots} false it ignores stored snapshots (Axon's
     * {@link SnapshotFilter#rejectAll()}), so the same store can be loaded with and without them.
     */
    public static EventStorageEngine of(Contender contender, MongoClient client, String databaseName,
                                        boolean snapshots) {
        SnapshotFilter filter = snapshots ? SnapshotFilter.allowAll() : SnapshotFilter.rejectAll();
        return switch (contender) {
            case CAIRN -> cairn(client, databaseName, filter);
            case AXON_MONGO -> axonMongo(client, databaseName, filter);
            case RAW -> throw new IllegalArgumentException("The raw driver contender has no storage engine");
        };
    }
}
