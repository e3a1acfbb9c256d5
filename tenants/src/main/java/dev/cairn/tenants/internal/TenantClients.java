package dev.cairn.tenants.internal;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One MongoDB client per distinct connection string of the running tenants, closed when its last tenant stops: ten
 * tenants on one server cost one connection pool, not ten (ADR 85).
 */
public final class TenantClients {

    private final Map<String, Shared> clients = new HashMap<>();
    private final Consumer<MongoClientSettings.Builder> settings;

    /** @param settings applied to the settings of every client, after its connection string */
    public TenantClients(Consumer<MongoClientSettings.Builder> settings) {
        this.settings = settings;
    }

    /** @return the client of {@code connectionString}, created on its first use */
    public synchronized MongoClient acquire(String connectionString) {
        Shared shared = clients.computeIfAbsent(connectionString, uri -> new Shared(MongoClients.create(create(uri))));
        shared.users++;
        return shared.client;
    }

    private MongoClientSettings create(String connectionString) {
        MongoClientSettings.Builder builder = MongoClientSettings.builder()
                                                                 .applyConnectionString(new ConnectionString(connectionString));
        settings.accept(builder);
        return builder.build();
    }

    /** Closes the client of {@code connectionString} when no running tenant uses it any more. */
    public synchronized void release(String connectionString) {
        Shared shared = clients.get(connectionString);
        if (shared != null && --shared.users == 0) {
            clients.remove(connectionString);
            shared.client.close();
        }
    }

    /** @return how many clients are open, for the status and the tests of sharing */
    public synchronized int openClients() {
        return clients.size();
    }

    /** Closes every client. */
    public synchronized void closeAll() {
        clients.values().forEach(shared -> shared.client.close());
        clients.clear();
    }

    private static final class Shared {
        private final MongoClient client;
        private int users;

        private Shared(MongoClient client) {
            this.client = client;
        }
    }
}
