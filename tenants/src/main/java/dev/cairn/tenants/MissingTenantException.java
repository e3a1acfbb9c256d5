package dev.cairn.tenants;

import dev.cairn.aggregates.Cairn;
import org.axonframework.common.AxonNonTransientException;

/**
 * A command reached {@link CairnTenants#commandGateway()} without a tenant: its metadata has no
 * {@value Cairn#TENANT_KEY} and no {@link TenantResolver} decided one. Sending it again fails the same way.
 */
public class MissingTenantException extends AxonNonTransientException {

    /** @param commandName the command's type */
    public MissingTenantException(String commandName) {
        super("Command [" + commandName + "] names no tenant: put the tenant's identifier in its metadata under ["
                      + Cairn.TENANT_KEY + "] or configure a TenantResolver on CairnTenants");
    }
}
