package dev.cairn.migration.support;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import dev.cairn.migration.AxonMongoMigration;
import org.axonframework.extensions.mongo.DefaultMongoTemplate;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.json.JacksonSerializer;

/**
 * The set-up every migration test shares: a source and a target database of its own, both empty, the migration
 * between them, and the axon-mongo application writing the source.
 */
public final class MigrationFixture {

    private final MongoClient client;
    private final MongoDatabase source;
    private final MongoDatabase target;

    /** Drops and returns databases {@code migration_source_<name>} and {@code migration_target_<name>}. */
    public MigrationFixture(MongoClient client, String name) {
        this.client = client;
        this.source = client.getDatabase("migration_source_" + name);
        this.target = client.getDatabase("migration_target_" + name);
        source.drop();
        target.drop();
    }

    public MongoClient client() {
        return client;
    }

    public MongoDatabase source() {
        return source;
    }

    public MongoDatabase target() {
        return target;
    }

    /** Creates the extension's empty event collection: a source holding sagas or letters, but no events yet. */
    public void emptyEventStore() {
        source.createCollection("domainevents");
    }

    /** @return the migration from the source to the target, to be configured further */
    public AxonMongoMigration.Builder migration() {
        return AxonMongoMigration.builder().sourceDatabase(source).targetDatabase(target);
    }

    /** @return an axon-mongo application on the source serializing with Jackson, no snapshots */
    public SourceApplication legacy() {
        return legacy(JacksonSerializer.defaultSerializer(), 1_000_000);
    }

    /** @return an axon-mongo application on the source */
    public SourceApplication legacy(Serializer serializer, int snapshotEvery) {
        return new SourceApplication(client, source.getName(), serializer, snapshotEvery);
    }

    /** @return the extension's template on the source (its collections under their default names) */
    public DefaultMongoTemplate template() {
        return DefaultMongoTemplate.builder().mongoDatabase(client, source.getName()).build();
    }

    /** @return a Cairn application on the target */
    public TargetApplication cairn() {
        return new TargetApplication(target);
    }
}
