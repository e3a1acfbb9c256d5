package dev.cairn.tenants;

import org.axonframework.common.AxonNonTransientException;

import java.util.Collection;

/**
 * A command or an operation named a tenant that the registry does not list as active, even after reading it again.
 */
public class UnknownTenantException extends AxonNonTransientException {

    /**
     * @param tenantId the tenant named
     * @param known    the active tenants the registry lists
     */
    public UnknownTenantException(String tenantId, Collection<String> known) {
        super("Unknown tenant [" + tenantId + "]; the active tenants are " + known);
    }
}
