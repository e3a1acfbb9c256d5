package dev.cairn.aggregates;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import dev.cairn.eventstore.mongo.MongoEventStorageEngine;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.Configuration;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.queryhandling.QueryGateway;

import java.util.OptionalLong;

/**
 * A started Cairn application. Close it to stop Axon (processors, snapshotter, handlers) and, when Cairn created the
 * MongoDB client from a connection string, to close that client.
 */
public final class CairnApplication implements AutoCloseable {

    private final Configuration configuration;
    private final MongoDatabase database;
    private final MongoClient ownedClient;
    private boolean closed;

    CairnApplication(Configuration configuration, MongoDatabase database, MongoClient ownedClient) {
        this.configuration = configuration;
        this.database = database;
        this.ownedClient = ownedClient;
    }

    /**
     * @return the gateway to send commands with ({@code sendAndWait}, {@code send}); add the metadata key
     * {@value Cairn#IDEMPOTENCY_KEY} to make a command idempotent
     */
    public CommandGateway commandGateway() {
        return configuration.commandGateway();
    }

    /**
     * @return the gateway to send queries with
     */
    public QueryGateway queryGateway() {
        return configuration.queryGateway();
    }

    /**
     * @return the event store (Axon's embedded event store on the MongoDB storage engine)
     */
    public EventStore eventStore() {
        return configuration.eventStore();
    }

    /**
     * @return the started Axon configuration, for anything else (repositories, processors, components)
     */
    public Configuration configuration() {
        return configuration;
    }

    /**
     * @return the global position of the last event the calling thread appended, e.g. by the command it just sent
     * with {@code sendAndWait}; empty when it appended none. Pass it to a projection's {@code awaitCaughtUp} to read
     * your own writes.
     */
    public OptionalLong lastAppendedPosition() {
        return configuration.getComponent(MongoEventStorageEngine.class).lastAppendedPosition();
    }

    /**
     * @return the database holding the event store
     */
    public MongoDatabase database() {
        return database;
    }

    /**
     * Shuts Axon down and closes the MongoDB client Cairn created; a client passed in by the caller stays open.
     * Calling it again has no effect.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            configuration.shutdown();
        } finally {
            if (ownedClient != null) {
                ownedClient.close();
            }
        }
    }
}
