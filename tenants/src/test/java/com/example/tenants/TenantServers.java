package com.example.tenants;

import dev.cairn.mongo.embedded.EmbeddedMongo;
import dev.cairn.mongo.embedded.junit.MongoTarget;

import java.util.ArrayList;
import java.util.List;

/**
 * A MongoDB per tenant: an extra embedded server each, or, against a real MongoDB ({@code CAIRN_MONGO_URI}), that
 * server for every tenant (databases apart). Connection strings fail fast when a server is stopped.
 */
final class TenantServers implements AutoCloseable {

    private final MongoTarget target;
    private final List<EmbeddedMongo> servers = new ArrayList<>();

    TenantServers(MongoTarget target) {
        this.target = target;
    }

    /** @return the connection string of a new server for one tenant */
    String next() {
        if (!target.embedded()) {
            return target.connectionString();
        }
        EmbeddedMongo server = EmbeddedMongo.start();
        servers.add(server);
        return server.connectionString() + "/?serverSelectionTimeoutMS=1500&connectTimeoutMS=1000";
    }

    /** @return whether each tenant has a server of its own that a test may stop */
    boolean separate() {
        return target.embedded();
    }

    /** Stops the server made by the {@code index}-th call of {@link #next()}. */
    void stop(int index) {
        servers.get(index).close();
    }

    @Override
    public void close() {
        servers.forEach(EmbeddedMongo::close);
    }
}
