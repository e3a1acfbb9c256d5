package dev.cairn.tenants;

/**
 * Where a tenant stands on one node, as {@link CairnTenants#status()} reports it.
 */
public enum TenantState {
    /** This node runs the tenant's application and its database answered the status read. */
    RUNNING,
    /**
     * This node runs the tenant's application but its database did not answer the status read (within its client's
     * server selection timeout): its commands fail with {@link TenantUnavailableException}, its processors back off;
     * {@link TenantStatus#lastError()} says why.
     */
    UNREACHABLE,
    /** Listed as active, but this node does not run it (yet): its application did not start, see the last error. */
    NOT_RUNNING,
    /** Listed as removed: nothing processes it; its data is kept. */
    REMOVED
}
