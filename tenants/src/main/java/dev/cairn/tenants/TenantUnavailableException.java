package dev.cairn.tenants;

import org.axonframework.common.AxonTransientException;

/**
 * A tenant's database did not answer: its application could not start, or a command failed reaching its MongoDB. Only
 * that tenant's commands fail; trying again may succeed once its server is back.
 */
public class TenantUnavailableException extends AxonTransientException {

    /**
     * @param message names the tenant, where its database lives and what failed
     * @param cause   what MongoDB or the start-up reported
     */
    public TenantUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
