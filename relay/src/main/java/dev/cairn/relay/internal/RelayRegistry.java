package dev.cairn.relay.internal;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Updates;
import org.bson.Document;

import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;

import static com.mongodb.client.model.Filters.eq;

/**
 * The relays of a database, one document each in {@value #COLLECTION}: name, processor, topics and the last
 * publishing error, so status and the CLI can report a relay from any process.
 */
public final class RelayRegistry {

    public static final String COLLECTION = "cairn_relays";

    private final MongoCollection<Document> relays;

    public RelayRegistry(MongoDatabase database) {
        this.relays = database.getCollection(COLLECTION);
    }

    /** Records relay {@code name} as it starts, keeping its last error. */
    public void register(String name, String processor, List<String> topics) {
        relays.updateOne(eq("_id", name), Updates.combine(Updates.set("processor", processor),
                                                          Updates.set("topics", topics)),
                         new com.mongodb.client.model.UpdateOptions().upsert(true));
    }

    public void error(String name, String message, Instant at) {
        relays.updateOne(eq("_id", name), Updates.combine(Updates.set("lastError", message),
                                                          Updates.set("lastErrorAt", Date.from(at))));
    }

    public void clearError(String name) {
        relays.updateOne(eq("_id", name), Updates.combine(Updates.unset("lastError"), Updates.unset("lastErrorAt")));
    }

    /** @return the stored document of relay {@code name} */
    public Optional<Document> find(String name) {
        return Optional.ofNullable(relays.find(eq("_id", name)).first());
    }

    /** @return the names of the relays stored, sorted */
    public List<String> names() {
        return relays.find().projection(new Document("_id", 1)).sort(new Document("_id", 1))
                     .map(document -> document.getString("_id")).into(new java.util.ArrayList<>());
    }

}
