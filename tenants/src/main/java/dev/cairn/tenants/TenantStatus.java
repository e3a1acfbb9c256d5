package dev.cairn.tenants;

import dev.cairn.projections.ProjectionStatus;

import java.util.List;

/**
 * What one node knows of a tenant the registry lists.
 *
 * @param tenant     the tenant, as the registry lists it
 * @param active     {@code false} once it was removed (its data is kept; nothing processes it)
 * @param running    whether this node runs the tenant's application
 * @param lastError  why the tenant's application could not start on this node, or why its database did not answer
 *                   the last status read; {@code null} when neither
 * @param processors the status of the tenant's processors (projections, sagas) as its database stores them (the
 *                   projections' operator API, {@code ProjectionMonitor}), read by {@link CairnTenants#status()};
 *                   empty when not running, unreachable, or not read (the registry alone knows none)
 */
public record TenantStatus(Tenant tenant, boolean active, boolean running, String lastError,
                           List<ProjectionStatus> processors) {

    /** Copies the processors; {@code null} stands for none. */
    public TenantStatus {
        processors = processors == null ? List.of() : List.copyOf(processors);
    }

    /** A status without processors: what the registry alone, or a node that did not read them, knows. */
    public TenantStatus(Tenant tenant, boolean active, boolean running, String lastError) {
        this(tenant, active, running, lastError, List.of());
    }

    /** @return the tenant's state on this node, derived from the other components */
    public TenantState state() {
        if (!active) {
            return TenantState.REMOVED;
        }
        if (!running) {
            return TenantState.NOT_RUNNING;
        }
        return lastError == null ? TenantState.RUNNING : TenantState.UNREACHABLE;
    }
}
