package dev.cairn.testing.internal;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import dev.cairn.eventstore.mongo.support.LoggingDefaults;
import dev.cairn.mongo.embedded.EmbeddedMongo;
import dev.cairn.mongo.embedded.junit.EmbeddedMongoExtension;

/**
 * The MongoDB behind {@code onMongo()}: the one embedded server of this JVM, started on first use, or the real
 * MongoDB named by {@code CAIRN_MONGO_URI}. Internal to Cairn.
 */
public final class SharedMongo {

    private static MongoClient client;

    private SharedMongo() {
    }

    /**
     * @return a client shared by all fixtures; never close it
     */
    public static synchronized MongoClient client() {
        if (client == null) {
            // the fixtures start no Cairn application before this client, so they quiet the driver themselves
            LoggingDefaults.applyUnlessSet(LoggingDefaults.QUIET_DRIVER);
            String uri = System.getenv(EmbeddedMongoExtension.MONGO_URI_VARIABLE);
            if (uri != null && !uri.isBlank()) {
                client = MongoClients.create(uri);
                Runtime.getRuntime().addShutdownHook(new Thread(client::close, "cairn-fixture-mongo-shutdown"));
            } else {
                EmbeddedMongo server = EmbeddedMongo.start();
                MongoClient embeddedClient = server.newClient();
                client = embeddedClient;
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    embeddedClient.close();
                    server.close();
                }, "cairn-fixture-mongo-shutdown"));
            }
        }
        return client;
    }
}
