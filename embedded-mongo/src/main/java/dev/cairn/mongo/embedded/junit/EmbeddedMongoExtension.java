package dev.cairn.mongo.embedded.junit;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import dev.cairn.mongo.embedded.EmbeddedMongo;
import org.bson.Document;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension giving tests a MongoDB: the embedded server, started once per test JVM, or the real MongoDB named
 * by the environment variable {@value #MONGO_URI_VARIABLE} when it is set.
 * <p>
 * Resolves parameters of type {@link MongoClient}, {@link MongoDatabase} and {@link MongoTarget}. Each test class gets
 * its own database; before every test the documents of all its collections are deleted. Collections and their
 * indexes are kept, so unique indexes created at start-up keep guarding the next test.
 */
public final class EmbeddedMongoExtension implements ParameterResolver, BeforeEachCallback {

    /**
     * Environment variable that points the integration tests at a real MongoDB instead of the embedded server.
     */
    public static final String MONGO_URI_VARIABLE = "CAIRN_MONGO_URI";

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        Class<?> type = parameterContext.getParameter().getType();
        return type == MongoClient.class || type == MongoDatabase.class || type == MongoTarget.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        Class<?> type = parameterContext.getParameter().getType();
        MongoTarget target = SharedServer.target();
        if (type == MongoClient.class) {
            return target.client();
        }
        if (type == MongoTarget.class) {
            return target;
        }
        return target.client().getDatabase(databaseName(extensionContext));
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        deleteAllDocuments(SharedServer.target().client().getDatabase(databaseName(context)));
    }

    /**
     * Deletes every document of every collection in the database, keeping collections and indexes.
     */
    public static void deleteAllDocuments(MongoDatabase database) {
        for (String collection : database.listCollectionNames()) {
            if (!collection.startsWith("system.")) {
                database.getCollection(collection).deleteMany(new Document());
            }
        }
    }

    static String databaseName(ExtensionContext context) {
        String name = "cairn_" + context.getRequiredTestClass().getSimpleName().replaceAll("[^A-Za-z0-9_]", "_");
        return name.length() > 60 ? name.substring(0, 60) : name;
    }

    /**
     * The one server (or real MongoDB) of this test JVM, created on first use and closed when the JVM exits.
     */
    private static final class SharedServer {
        private static MongoTarget target;

        static synchronized MongoTarget target() {
            if (target == null) {
                String uri = System.getenv(MONGO_URI_VARIABLE);
                if (uri != null && !uri.isBlank()) {
                    target = new MongoTarget(uri, MongoClients.create(uri), false);
                } else {
                    EmbeddedMongo server = EmbeddedMongo.start();
                    MongoClient client = server.newClient();
                    target = new MongoTarget(server.connectionString(), client, true);
                    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                        client.close();
                        server.close();
                    }, "cairn-embedded-mongo-shutdown"));
                }
            }
            return target;
        }
    }
}
