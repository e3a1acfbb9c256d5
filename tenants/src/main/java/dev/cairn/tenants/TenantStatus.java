package dev.cairn.tenants;

/**
 * What one node knows of a tenant the registry lists.
 *
 * @param tenant    the tenant, as the registry lists it
 * @param active    {@code false} once it was removed (its data is kept; nothing processes it)
 * @param running   whether this node runs the tenant's application
 * @param lastError why the tenant's application could not start on this node, or {@code null}
 */
public record TenantStatus(Tenant tenant, boolean active, boolean running, String lastError) {
}
