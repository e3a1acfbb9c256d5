package dev.cairn.cli.internal;

import com.mongodb.client.MongoDatabase;
import dev.cairn.eventstore.mongo.support.CairnCollections.Role;
import dev.cairn.processing.MongoTokenStore;
import dev.cairn.processing.ProcessorNames;
import dev.cairn.projections.SourceHeads;
import dev.cairn.tenants.Tenant;
import dev.cairn.tenants.TenantHeads;
import dev.cairn.tenants.TenantStreamsToken;
import org.axonframework.eventhandling.WrappedToken;

import java.util.HashMap;
import java.util.Map;

/**
 * The command line's view of projections across tenants (ADR 85): which projections read every tenant's stream, and
 * every tenant's store to measure them on, through the registry of the directory database. Connections to tenants'
 * servers are opened once per connection string and closed with the session.
 */
final class AcrossTenants implements AutoCloseable {

    private final Session session;
    private final Secrets secrets;
    private final Map<String, Connection> servers = new HashMap<>();

    AcrossTenants(Session session, Secrets secrets) {
        this.session = session;
        this.secrets = secrets;
    }

    /**
     * @return whether projection {@code name} reads every tenant's stream: its stored tokens are cross-tenant tokens,
     * positions in several independent streams
     */
    boolean reads(String name) {
        MongoTokenStore tokens = MongoTokenStore.builder().database(session.database())
                                                .collectionName(session.collections().name(Role.TOKENS)).build();
        return tokens.processorNames().stream().filter(stored -> ProcessorNames.baseName(stored).equals(name))
                     .flatMap(stored -> tokens.segments(stored).stream())
                     .anyMatch(segment -> segment.token() != null && WrappedToken.unwrapLowerBound(
                             segment.token()) instanceof TenantStreamsToken);
    }

    /**
     * @throws CliException usage error naming {@code name} when it reads every tenant's stream: rebuilding it needs
     *                      every tenant's events, which only the nodes running the tenants read
     */
    void refuse(String name, String what) {
        if (reads(name)) {
            throw CliException.usage("Projection [" + name + "] reads every tenant's stream: " + what + " it where "
                                             + "the tenants run, with CairnProjections.rebuild(\"" + name + "\", "
                                             + "RebuildOptions.defaults()) on the cross-tenant application (in place); "
                                             + "'projections status', 'pause' and 'resume' work on it here");
        }
    }

    /** @return every active tenant's head, read through the registry, to measure a projection across tenants on */
    SourceHeads heads() {
        return TenantHeads.on(session.directory(), this::store, session.collections());
    }

    /**
     * @return the own database of {@code tenant}: on the directory's server, or on a connection to its connection
     * string, opened once
     * @throws CliException failure naming the tenant when its server does not answer
     */
    private synchronized MongoDatabase store(Tenant tenant) {
        if (tenant.connectionString() == null) {
            return session.onDirectoryServer(tenant.database());
        }
        secrets.remember(tenant.connectionString());
        Connection server = servers.get(tenant.connectionString());
        if (server == null) {
            try {
                server = Connection.open(tenant.connectionString(), tenant.database(), null, secrets);
            } catch (CliException e) {
                throw CliException.failure("Tenant [" + tenant.id() + "]: " + e.getMessage(), e);
            }
            servers.put(tenant.connectionString(), server);
        }
        return server.database(tenant.database());
    }

    @Override
    public synchronized void close() {
        servers.values().forEach(Connection::close);
        servers.clear();
    }
}
