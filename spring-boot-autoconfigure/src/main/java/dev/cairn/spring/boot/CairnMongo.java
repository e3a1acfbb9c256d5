package dev.cairn.spring.boot;

import com.mongodb.ConnectionString;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import dev.cairn.eventstore.mongo.support.ConnectionStrings;

/**
 * The database Cairn keeps events, tokens, sagas, deadlines and idempotency keys in, as the auto-configuration
 * resolved it from {@link CairnProperties}.
 *
 * @param client   the client (Cairn's, or the application's own {@code MongoClient} bean)
 * @param database the database
 * @param where    how messages name the server, never with a password
 */
public record CairnMongo(MongoClient client, MongoDatabase database, String where) {

    static final String URI = "cairn.mongo.uri";
    static final String DATABASE = "cairn.mongo.database";

    /**
     * @return {@code uri} parsed
     * @throws InvalidCairnPropertyException naming {@value #URI} with the URI masked when it is malformed
     */
    static ConnectionString parse(String uri) {
        try {
            return new ConnectionString(uri);
        } catch (IllegalArgumentException e) {
            String reason = e.getMessage() == null ? "" : e.getMessage().replace(uri, ConnectionStrings.masked(uri));
            throw new InvalidCairnPropertyException(URI, "[" + ConnectionStrings.masked(uri)
                    + "] is not a MongoDB connection string (" + reason + ")",
                                                    "Set " + URI + " to mongodb://host:27017/database or "
                                                            + "mongodb+srv://..., with the password URL-encoded.");
        }
    }

    /**
     * @return the database name: {@value #DATABASE}, else the one {@code uri} names
     * @throws InvalidCairnPropertyException naming {@value #DATABASE} when neither names one
     */
    static String databaseName(String configured, String uri) {
        if (configured != null && !configured.isBlank()) {
            return configured;
        }
        String fromUri = uri == null ? null : parse(uri).getDatabase();
        if (fromUri != null && !fromUri.isBlank()) {
            return fromUri;
        }
        throw new InvalidCairnPropertyException(DATABASE, "no database is set" + (uri == null ? ""
                : " and " + URI + " [" + ConnectionStrings.masked(uri) + "] names none"),
                                                "Set " + DATABASE + " (or a database in " + URI + ", e.g. "
                                                        + "mongodb://host:27017/shop).");
    }
}
