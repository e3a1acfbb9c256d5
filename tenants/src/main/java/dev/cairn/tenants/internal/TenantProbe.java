package dev.cairn.tenants.internal;

import dev.cairn.projections.ProjectionMonitor;
import dev.cairn.projections.ProjectionStatus;
import dev.cairn.tenants.TenantStatus;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads a running tenant's processors from its database for the status (the projections' operator API); a database
 * that does not answer makes the tenant {@code UNREACHABLE} with the driver's reason, instead of failing the status of
 * every tenant. Each unreachable tenant costs its client's server selection timeout.
 */
final class TenantProbe {

    // one monitor per running tenant: building one builds (and checks the indexes of) an engine
    private final Map<String, ProjectionMonitor> monitors = new ConcurrentHashMap<>();

    TenantStatus read(TenantStatus listed, Placed placed) {
        String id = placed.tenant().id();
        try {
            ProjectionMonitor monitor = monitors.computeIfAbsent(
                    id, key -> ProjectionMonitor.on(placed.application().database(), placed.collections()));
            List<ProjectionStatus> processors = monitor.status();
            return new TenantStatus(listed.tenant(), listed.active(), true, null, processors);
        } catch (RuntimeException e) {
            // the driver's timeout, or the engine's exception wrapping it: this tenant only
            return new TenantStatus(listed.tenant(), listed.active(), true,
                                    "its database on " + placed.tenant().describe() + " does not answer: "
                                            + e.getMessage(), List.of());
        }
    }

    /** Forgets the monitor of a stopped tenant. */
    void forget(String tenantId) {
        monitors.remove(tenantId);
    }
}
