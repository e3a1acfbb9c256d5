package dev.cairn.tenants;

/**
 * How a tenant's part of the cross-tenant streams fares on this node ({@link TenantStreams#status()}).
 *
 * @param tenantId  the tenant
 * @param stalled   whether its last read failed: its events wait while the other tenants' flow
 * @param lastError the error of that read, or {@code null}
 */
public record TenantStreamStatus(String tenantId, boolean stalled, String lastError) {
}
