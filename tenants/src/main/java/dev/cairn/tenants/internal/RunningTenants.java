package dev.cairn.tenants.internal;

import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import dev.cairn.aggregates.Cairn;
import dev.cairn.aggregates.CairnApplication;
import dev.cairn.eventstore.mongo.support.CairnCollections;
import dev.cairn.tenants.Tenant;
import dev.cairn.tenants.TenantStatus;
import dev.cairn.tenants.TenantTemplate;
import dev.cairn.tenants.TenantUnavailableException;
import dev.cairn.tenants.UnknownTenantException;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.messaging.StreamableMessageSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The applications this node runs, one per active tenant of the registry; {@link #sync()} brings them in line with
 * the registry: starts the added, stops the removed (their data stays), restarts one whose placement changed.
 */
public final class RunningTenants implements AutoCloseable {

    private static final Logger logger = LoggerFactory.getLogger(RunningTenants.class);

    private final TenantRegistry registry;
    private final MongoClient directoryClient;
    private final TenantTemplate template;
    private final TenantClients clients;
    private final TenantProbe probe = new TenantProbe();
    private final SharedStore shared;
    private final Map<String, Placed> running = new ConcurrentHashMap<>();
    private final Map<String, String> errors = new ConcurrentHashMap<>();
    private volatile List<TenantStatus> listed = List.of();
    private boolean closed;

    public RunningTenants(TenantRegistry registry, MongoClient directoryClient, TenantTemplate template) {
        this(registry, directoryClient, template, settings -> {
        });
    }

    /** @param clientSettings applied to the client of each connection string of tenants (pool listeners, timeouts) */
    public RunningTenants(TenantRegistry registry, MongoClient directoryClient, TenantTemplate template,
                          Consumer<MongoClientSettings.Builder> clientSettings) {
        this(registry, directoryClient, template, clientSettings,
             new DirectoryProcessors(registry.directory().getName()));
    }

    /**
     * @param clientSettings applied to the client of each connection string of tenants (pool listeners, timeouts)
     * @param processors     the processors of the applications this node runs on the directory database
     */
    public RunningTenants(TenantRegistry registry, MongoClient directoryClient, TenantTemplate template,
                          Consumer<MongoClientSettings.Builder> clientSettings, DirectoryProcessors processors) {
        this.clients = new TenantClients(clientSettings);
        this.registry = registry;
        this.directoryClient = directoryClient;
        this.template = template;
        this.shared = new SharedStore(template, registry.directory(), processors);
    }

    /** Reads the registry and starts or stops applications; a tenant that fails to start is retried next time. */
    public synchronized void sync() {
        if (closed) {
            return;
        }
        List<TenantStatus> read = registry.read();
        Map<String, Tenant> active = new ConcurrentHashMap<>();
        read.stream().filter(TenantStatus::active).forEach(status -> active.put(status.tenant().id(), status.tenant()));
        for (Placed placed : List.copyOf(running.values())) {
            if (!placed.tenant().equals(active.get(placed.tenant().id()))) {
                stop(placed);
            }
        }
        errors.keySet().retainAll(active.keySet());
        listed = read;
        active.values().stream().filter(tenant -> !running.containsKey(tenant.id())).forEach(this::start);
    }

    /**
     * @return the running application of {@code tenantId}, reading the registry once more when it is not running
     * @throws UnknownTenantException     when the registry does not list the tenant as active
     * @throws TenantUnavailableException when its application cannot start (its database does not answer)
     */
    public Placed application(String tenantId) {
        Placed placed = running.get(tenantId);
        if (placed == null) {
            sync();
            placed = running.get(tenantId);
        }
        if (placed != null) {
            return placed;
        }
        String error = errors.get(tenantId);
        if (error != null) {
            throw new TenantUnavailableException("Tenant [" + tenantId + "] is not running on this node: " + error,
                                                 null);
        }
        throw new UnknownTenantException(tenantId, activeIds());
    }

    /**
     * @return the tenants the registry listed at the last read, with whether this node runs each, and for each it
     * runs its processors' status read now from its database (or why that database did not answer)
     */
    public List<TenantStatus> status() {
        List<TenantStatus> statuses = new ArrayList<>();
        for (TenantStatus status : listed) {
            String id = status.tenant().id();
            Placed placed = running.get(id);
            statuses.add(placed == null ? new TenantStatus(status.tenant(), status.active(), false, errors.get(id))
                    : probe.read(status, placed));
        }
        return statuses;
    }

    /** @return the identifiers of the active tenants at the last read of the registry */
    public List<String> activeIds() {
        return listed.stream().filter(TenantStatus::active).map(status -> status.tenant().id()).toList();
    }

    /** @return the event store of every tenant this node runs, by tenant: the sources of the cross-tenant streams */
    public Map<String, StreamableMessageSource<TrackedEventMessage<?>>> eventSources() {
        Map<String, StreamableMessageSource<TrackedEventMessage<?>>> sources = new HashMap<>();
        running.forEach((tenant, placed) -> {
            if (!placed.tenant().shared()) {
                sources.put(tenant, placed.application().eventStore());
            }
        });
        CairnApplication sharedStore = shared.running();
        if (sharedStore != null) {
            // one source for every shared tenant: their events are in one stream
            sources.put(Tenant.SHARED_STORE, sharedStore.eventStore());
        }
        return sources;
    }

    /** @return why each active tenant this node does not run could not start, by tenant */
    public Map<String, String> startErrors() {
        return Map.copyOf(errors);
    }

    /** @return how many MongoDB clients this node opened for tenants with a connection string of their own */
    public int openClients() {
        return clients.openClients();
    }

    @Override
    public synchronized void close() {
        closed = true;
        try {
            List.copyOf(running.values()).forEach(this::stop);
            shared.close();
        } finally {
            clients.closeAll();
        }
    }

    private void start(Tenant tenant) {
        if (tenant.shared()) {
            startShared(tenant);
            return;
        }
        String uri = tenant.connectionString();
        if (uri == null && tenant.database().equals(registry.directory().getName())) {
            // listed by hand or by an earlier release: its processors would share the directory's token store
            errors.put(tenant.id(), "its database is the directory database [" + tenant.database() + "], which "
                    + "holds the shared store and the cross-tenant projections; it needs a database of its own");
            logger.warn("Tenant [{}] not started: {}", tenant.id(), errors.get(tenant.id()));
            return;
        }
        MongoClient client = uri == null ? directoryClient : clients.acquire(uri);
        try {
            Cairn.Builder builder = template.builderFor(tenant.id());
            if (builder == null) {
                throw new IllegalStateException("the tenant template returned no builder");
            }
            CairnCollections collections = builder.collections();
            CairnApplication application = builder.database(client.getDatabase(tenant.database())).start();
            TenantStamp.install(application, tenant.id());
            running.put(tenant.id(), new Placed(tenant, application, collections));
            errors.remove(tenant.id());
            logger.info("Tenant [{}] started on {}", tenant.id(), tenant.describe());
        } catch (RuntimeException e) {
            if (uri != null) {
                clients.release(uri);
            }
            // recorded for status and for its commands; the next sync tries again
            errors.put(tenant.id(), "its application on " + tenant.describe() + " did not start: " + e.getMessage());
            logger.warn("Tenant [{}] did not start on {}: {}", tenant.id(), tenant.describe(), e.getMessage());
        }
    }

    private void startShared(Tenant tenant) {
        try {
            running.put(tenant.id(), new Placed(tenant, shared.application(), shared.collections()));
            errors.remove(tenant.id());
            logger.info("Tenant [{}] placed in the shared store", tenant.id());
        } catch (RuntimeException e) {
            errors.put(tenant.id(), "the shared store's application did not start: " + e.getMessage());
            logger.warn("The shared store did not start for tenant [{}]: {}", tenant.id(), e.getMessage());
        }
    }

    private void stop(Placed placed) {
        running.remove(placed.tenant().id());
        probe.forget(placed.tenant().id());
        if (placed.tenant().shared()) {
            // the shared application serves the other shared tenants: this tenant's commands are refused from now on
            logger.info("Tenant [{}] removed from the shared store; its events are kept", placed.tenant().id());
            return;
        }
        try {
            placed.application().close();
        } finally {
            if (placed.tenant().connectionString() != null) {
                clients.release(placed.tenant().connectionString());
            }
        }
        logger.info("Tenant [{}] stopped on this node; its data is kept", placed.tenant().id());
    }
}
