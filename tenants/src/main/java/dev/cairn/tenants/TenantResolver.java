package dev.cairn.tenants;

import org.axonframework.commandhandling.CommandMessage;

/**
 * Decides the tenant of a command that does not carry {@link dev.cairn.aggregates.Cairn#TENANT_KEY} in its metadata,
 * for example from a field of the command or from the caller's security context.
 */
@FunctionalInterface
public interface TenantResolver {

    /** A resolver that never decides: every command must carry the tenant in its metadata. The default. */
    TenantResolver NONE = command -> null;

    /**
     * @param command the command being sent, without a tenant in its metadata
     * @return the tenant's identifier, or {@code null} when this resolver cannot tell (the command is then refused)
     */
    String tenantOf(CommandMessage<?> command);
}
