package dev.cairn.tenants;

import com.mongodb.client.MongoDatabase;
import dev.cairn.eventstore.mongo.support.CairnCollections;
import dev.cairn.tenants.internal.TenantRegistry;
import org.axonframework.common.AxonConfigurationException;

import java.util.List;
import java.util.Objects;

import static org.axonframework.common.BuilderUtils.assertNonNull;

/**
 * The registry of tenants ({@value CairnCollections#TENANTS} in the directory database) as operators change it,
 * without running any tenant: what {@code ./cairn tenants add|list|remove} and {@code --tenant} use, and what
 * {@link CairnTenants#add} writes through. Nodes running {@link CairnTenants} on the
 * same directory database start and stop tenants at their next poll of it (ADR 85): no restart.
 * <pre>{@code
 * TenantDirectory directory = TenantDirectory.on(client.getDatabase("shop"));
 * directory.add(Tenant.ownDatabase("acme", "shop_acme"));
 * directory.add(Tenant.shared("corner-shop"));  // in the shared store: no database of its own
 * Tenant acme = directory.active("acme");      // where its store lives
 * }</pre>
 */
public final class TenantDirectory {

    private final TenantRegistry registry;

    private TenantDirectory(MongoDatabase directory) {
        this.registry = new TenantRegistry(directory);
    }

    /** @return the registry of the directory database {@code directory} */
    public static TenantDirectory on(MongoDatabase directory) {
        assertNonNull(directory, "The directory database may not be null");
        return new TenantDirectory(directory);
    }

    /**
     * Lists {@code tenant} as active, replacing an entry of the same identifier (a removed one included).
     *
     * @throws AxonConfigurationException naming the other tenant when an active one already uses the same database
     *                                    on the same server, or naming the tenant when it would have the directory
     *                                    database as its own (on the registry's client)
     */
    public void add(Tenant tenant) {
        assertNonNull(tenant, "add(...) may not be given a null tenant");
        String directory = registry.directory().getName();
        if (!tenant.shared() && tenant.connectionString() == null && tenant.database().equals(directory)) {
            // its processors and events would mix with the shared store's and the cross-tenant application's
            throw new AxonConfigurationException("Tenant [" + tenant.id() + "] would be placed in the directory "
                                                         + "database [" + directory + "], which holds the registry, "
                                                         + "the shared store and the cross-tenant projections: give "
                                                         + "it a database of its own, or place it in the shared store");
        }
        for (TenantStatus status : registry.read()) {
            Tenant other = status.tenant();
            if (status.active() && !tenant.shared() && !other.shared() && !other.id().equals(tenant.id())
                    && other.database().equals(tenant.database())
                    && Objects.equals(other.connectionString(), tenant.connectionString())) {
                throw new AxonConfigurationException("Tenant [" + tenant.id() + "] would share " + tenant.describe()
                                                             + " with tenant [" + other.id() + "]: each tenant "
                                                             + "needs a database of its own");
            }
        }
        registry.add(tenant);
    }

    /**
     * Lists the tenant as removed; its database and data are kept, and {@link #add} lists it again.
     *
     * @throws UnknownTenantException naming the active tenants when the registry lists no active tenant {@code id}
     */
    public void remove(String tenantId) {
        if (!registry.remove(tenantId)) {
            throw new UnknownTenantException(tenantId, activeIds());
        }
    }

    /**
     * @return every tenant the registry lists, active or removed, in identifier order; {@link TenantStatus#running()}
     * is {@code false} and {@link TenantStatus#lastError()} {@code null}: the registry knows no node's state
     */
    public List<TenantStatus> list() {
        return registry.read();
    }

    /**
     * @return the active tenant {@code tenantId}: where its store lives
     * @throws UnknownTenantException naming it and the active tenants when the registry lists no such active tenant
     */
    public Tenant active(String tenantId) {
        return list().stream().filter(TenantStatus::active).map(TenantStatus::tenant)
                     .filter(tenant -> tenant.id().equals(tenantId)).findFirst()
                     .orElseThrow(() -> new UnknownTenantException(tenantId, activeIds()));
    }

    /** @return the identifiers of the active tenants, in order */
    public List<String> activeIds() {
        return list().stream().filter(TenantStatus::active).map(status -> status.tenant().id()).toList();
    }
}
