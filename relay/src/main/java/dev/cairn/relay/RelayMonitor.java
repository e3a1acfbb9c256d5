package dev.cairn.relay;

import com.mongodb.client.MongoDatabase;
import dev.cairn.eventstore.mongo.support.CairnCollections;
import dev.cairn.projections.ProjectionMonitor;
import dev.cairn.projections.ProjectionStatus;
import dev.cairn.relay.internal.RelayRegistry;
import org.bson.Document;

import java.util.Date;
import java.util.List;
import java.util.function.Function;

/**
 * Reads where the relays of a database stand from storage only (their registration in {@code cairn_relays}, their
 * processors' tokens, the event store's head, dead letters), so any process (the CLI) can report them.
 */
public final class RelayMonitor {

    private final RelayRegistry registry;
    private final Function<String, ProjectionStatus> processors;

    RelayMonitor(MongoDatabase database, Function<String, ProjectionStatus> processors) {
        this.registry = new RelayRegistry(database);
        this.processors = processors;
    }

    /** @return a monitor on {@code database}, with the collections named as {@code collections} says */
    public static RelayMonitor on(MongoDatabase database, CairnCollections collections) {
        ProjectionMonitor monitor = ProjectionMonitor.on(database, collections);
        return new RelayMonitor(database, monitor::status);
    }

    /** @return the names of the relays that ever started on this database, sorted */
    public List<String> names() {
        return registry.names();
    }

    /**
     * @return the status of relay {@code name}
     * @throws IllegalArgumentException naming the known relays when {@code name} never started here
     */
    public RelayStatus status(String name) {
        Document relay = registry.find(name).orElseThrow(() -> new IllegalArgumentException(
                "Unknown relay [" + name + "]; known: " + registry.names()));
        String processor = relay.getString("processor");
        ProjectionStatus status = processors.apply(processor);
        Date errorAt = relay.getDate("lastErrorAt");
        String lastError = relay.getString("lastError");
        if (lastError == null && status.lastError() != null) {
            lastError = status.lastError();
        }
        return new RelayStatus(name, processor, relay.getList("topics", String.class, List.of()), status.state(),
                               status.position(), status.head(), status.lagEvents(), status.oldestUnprocessedAge(),
                               status.deadLetters(), lastError, errorAt == null ? null : errorAt.toInstant());
    }

    /** @return the status of every relay, by name */
    public List<RelayStatus> status() {
        return names().stream().map(this::status).toList();
    }
}
