package dev.cairn.benchmarks.internal;

import com.mongodb.client.MongoClient;
import dev.cairn.eventstore.mongo.CairnSerializers;
import dev.cairn.eventstore.mongo.MongoEventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.extensions.mongo.DefaultMongoTemplate;
import org.axonframework.serialization.Serializer;

/**
 * Builds the two storage engines under comparison with their defaults, except that both use Cairn's Jackson
 * serializer (axon-mongo would otherwise fall back to XStream) so that serialization costs the same.
 */
public final class Engines {

    private Engines() {
    }

    /**
     * Cairn's engine on database {@code databaseName}: {@code MongoEventStorageEngine.builder().database(db).build()}.
     */
    public static EventStorageEngine cairn(MongoClient client, String databaseName) {
        return MongoEventStorageEngine.builder().database(client.getDatabase(databaseName)).build();
    }

    /**
     * Axon's MongoDB extension on database {@code databaseName}: {@code DefaultMongoTemplate}, document per event.
     */
    public static EventStorageEngine axonMongo(MongoClient client, String databaseName) {
        Serializer serializer = CairnSerializers.defaultSerializer();
        return org.axonframework.extensions.mongo.eventsourcing.eventstore.MongoEventStorageEngine
                .builder()
                .mongoTemplate(DefaultMongoTemplate.builder().mongoDatabase(client, databaseName).build())
                .eventSerializer(serializer)
                .snapshotSerializer(serializer)
                .build();
    }

    /**
     * The engine of {@code contender}, which must not be the raw driver.
     */
    public static EventStorageEngine of(dev.cairn.benchmarks.Contender contender, MongoClient client,
                                        String databaseName) {
        return switch (contender) {
            case CAIRN -> cairn(client, databaseName);
            case AXON_MONGO -> axonMongo(client, databaseName);
            case RAW -> throw new IllegalArgumentException("The raw driver contender has no storage engine");
        };
    }
}
