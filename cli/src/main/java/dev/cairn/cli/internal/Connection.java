package dev.cairn.cli.internal;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.MongoSecurityException;
import com.mongodb.MongoTimeoutException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import dev.cairn.eventstore.mongo.support.ConnectionStrings;
import dev.cairn.mongo.embedded.EmbeddedMongo;
import org.bson.Document;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The MongoDB the command line works on: the server named by {@code --mongo-uri} (or {@code CAIRN_MONGO_URI}), or
 * the embedded server opened on the data folder of {@code --data DIR}. Connecting is checked at once with a ping that
 * gives up after {@value #TIMEOUT_SECONDS} seconds (server selection and connect timeouts), not the driver's 30.
 */
public final class Connection implements AutoCloseable {

    /** The database used when {@code --database} is not given. */
    public static final String DEFAULT_DATABASE = "cairn";
    /** The file inside {@code --data DIR} holding the embedded server's data (an H2 MVStore file). */
    public static final String DATA_FILE = "cairn.mv";
    /** How long connecting may take before the command fails. */
    public static final int TIMEOUT_SECONDS = 5;

    private final MongoClient client;
    private final EmbeddedMongo embedded;
    private final MongoDatabase database;
    private final String description;

    private Connection(MongoClient client, EmbeddedMongo embedded, String databaseName, String description) {
        this.client = client;
        this.embedded = embedded;
        this.database = client.getDatabase(databaseName);
        this.description = description;
    }

    /**
     * Opens the connection and pings the server.
     *
     * @throws CliException usage error for a bad URI or a missing data folder; failure when the server cannot be
     *                      reached, refuses the credentials, or the data folder is in use
     */
    static Connection open(String uri, String databaseName, Path dataDir, Secrets secrets) {
        if (databaseName != null && databaseName.isBlank()) {
            throw CliException.usage("--database must not be blank");
        }
        Connection connection = uri != null ? toServer(uri, databaseName, secrets)
                : toDataFolder(dataDir, databaseName);
        try {
            connection.ping(secrets);
            return connection;
        } catch (RuntimeException e) {
            connection.close();
            throw e;
        }
    }

    /**
     * Opens a second connection, to the database a migration reads from ({@code --source-uri}).
     *
     * @throws CliException usage error naming {@code --source-uri} for a bad URI; as {@link #open} otherwise
     */
    static Connection openSource(String uri, String databaseName, Secrets secrets) {
        secrets.remember(uri);
        try {
            new ConnectionString(uri);
        } catch (IllegalArgumentException e) {
            throw CliException.usage("Invalid --source-uri [" + ConnectionStrings.masked(uri) + "]: "
                                             + secrets.scrub(e.getMessage().replace(uri, ConnectionStrings.masked(uri))));
        }
        return open(uri, databaseName, null, secrets);
    }

    private static Connection toServer(String uri, String databaseName, Secrets secrets) {
        ConnectionString parsed;
        try {
            parsed = new ConnectionString(uri);
        } catch (IllegalArgumentException e) {
            throw CliException.usage("Invalid --mongo-uri [" + ConnectionStrings.masked(uri) + "]: "
                                             + secrets.scrub(e.getMessage().replace(uri, ConnectionStrings.masked(uri))));
        }
        MongoClientSettings settings = MongoClientSettings.builder()
                .applyConnectionString(parsed)
                // timeouts the connection string sets are kept (a tenant's, to fail a status fast)
                .applyToClusterSettings(c -> c.serverSelectionTimeout(
                        parsed.getServerSelectionTimeout() != null ? parsed.getServerSelectionTimeout()
                                : TIMEOUT_SECONDS * 1000, TimeUnit.MILLISECONDS))
                .applyToSocketSettings(s -> s.connectTimeout(
                        parsed.getConnectTimeout() != null ? parsed.getConnectTimeout() : TIMEOUT_SECONDS * 1000,
                        TimeUnit.MILLISECONDS))
                .build();
        // --database, else the database the URI names, else the default
        String database = databaseName != null ? databaseName
                : parsed.getDatabase() != null ? parsed.getDatabase() : DEFAULT_DATABASE;
        return new Connection(MongoClients.create(settings), null, database,
                              "MongoDB at " + ConnectionStrings.hosts(uri));
    }

    private static Connection toDataFolder(Path dataDir, String databaseName) {
        if (dataDir == null) {
            throw CliException.usage("No MongoDB named: pass --mongo-uri URI (or set CAIRN_MONGO_URI), or --data DIR "
                                             + "for the embedded server's data folder");
        }
        Path file = dataDir.resolve(DATA_FILE);
        if (!Files.isRegularFile(file)) {
            throw CliException.usage("No Cairn data in --data [" + dataDir + "]: expected the embedded server's file ["
                                             + file + "]");
        }
        EmbeddedMongo server;
        try {
            server = EmbeddedMongo.startPersistent(file);
        } catch (RuntimeException e) {
            throw CliException.failure("Cannot open the data folder [" + dataDir + "]: " + e.getMessage()
                                               + " (is another process, such as the demo, using it? Stop it, or "
                                               + "reach its server with --mongo-uri)", e);
        }
        MongoClientSettings settings = MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString(server.connectionString()))
                .applyToClusterSettings(c -> c.serverSelectionTimeout(TIMEOUT_SECONDS, TimeUnit.SECONDS))
                .build();
        return new Connection(MongoClients.create(settings), server,
                              databaseName != null ? databaseName : DEFAULT_DATABASE,
                              "the embedded server on [" + file + "]");
    }

    private void ping(Secrets secrets) {
        try {
            database.runCommand(new Document("ping", 1));
        } catch (MongoTimeoutException e) {
            throw CliException.failure("Cannot reach " + description + " within " + TIMEOUT_SECONDS + " s (database ["
                                               + database.getName() + "]): check that the server is running and "
                                               + "reachable, and the hosts and ports of the connection string", e);
        } catch (MongoSecurityException e) {
            throw CliException.failure(description + " refused the credentials of the connection string (database ["
                                               + database.getName() + "]): check the user, its password and its "
                                               + "authentication database", e);
        } catch (RuntimeException e) {
            throw CliException.failure(description + " could not be used (database [" + database.getName() + "]): "
                                               + secrets.scrub(e.getMessage()), e);
        }
    }

    public MongoDatabase database() {
        return database;
    }

    /** @return another database on the same server, e.g. the database of a tenant without a server of its own */
    public MongoDatabase database(String name) {
        return client.getDatabase(name);
    }

    /** @return how to name the server in messages, never with a password */
    public String description() {
        return description;
    }

    @Override
    public void close() {
        client.close();
        if (embedded != null) {
            embedded.close();
        }
    }
}
