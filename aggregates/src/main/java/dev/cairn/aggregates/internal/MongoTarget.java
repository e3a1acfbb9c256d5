package dev.cairn.aggregates.internal;

import com.mongodb.ConnectionString;
import com.mongodb.client.MongoDatabase;
import dev.cairn.eventstore.mongo.support.ConnectionStrings;
import org.axonframework.common.AxonConfigurationException;

import static org.axonframework.common.BuilderUtils.assertNonNull;

/**
 * Where an application's events live: either a connection string and database name (the application creates and
 * closes the client) or a database of a client the caller owns. Checked when it is set, so the entry point's builder
 * fails fast.
 *
 * @param connectionString the {@code mongodb://} or {@code mongodb+srv://} URI, {@code null} with a caller's database
 * @param databaseName     the database to use on that client, {@code null} with a caller's database
 * @param database         the caller's database, {@code null} with a connection string
 */
public record MongoTarget(String connectionString, String databaseName, MongoDatabase database) {

    /**
     * @throws AxonConfigurationException naming the argument that is blank, or the malformed connection string with
     *                                    its password masked
     */
    public static MongoTarget of(String connectionString, String databaseName) {
        SettingChecks.text(connectionString, "connectionString");
        SettingChecks.text(databaseName, "databaseName");
        try {
            new ConnectionString(connectionString);
        } catch (IllegalArgumentException e) {
            String masked = ConnectionStrings.masked(connectionString);
            throw new AxonConfigurationException("Invalid MongoDB connection string [" + masked + "]: "
                                                         + e.getMessage().replace(connectionString, masked), e);
        }
        return new MongoTarget(connectionString, databaseName, null);
    }

    /**
     * @throws AxonConfigurationException when the database is null
     */
    public static MongoTarget of(MongoDatabase database) {
        assertNonNull(database, "database may not be null");
        return new MongoTarget(null, null, database);
    }

    /** @return whether the application creates (and closes) the client */
    public boolean ownsClient() {
        return connectionString != null;
    }

    /** @return how to name the server in a message, never with a password */
    public String describe() {
        return ownsClient() ? "MongoDB at " + ConnectionStrings.hosts(connectionString)
                : "the MongoDB of the client passed to database(...)";
    }
}
