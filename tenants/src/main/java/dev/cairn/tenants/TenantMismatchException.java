package dev.cairn.tenants;

import dev.cairn.aggregates.Cairn;
import org.axonframework.common.AxonNonTransientException;

/**
 * A command of one tenant loaded an aggregate of the shared store whose events carry another tenant (ADR 85): the
 * command is refused and nothing is stored. Aggregate identifiers in the shared store must be unique across its
 * tenants (UUIDs); this refusal keeps a clash from becoming a leak of one tenant's aggregate to another.
 */
public class TenantMismatchException extends AxonNonTransientException {

    private final String commandTenant;
    private final String storedTenant;
    private final String aggregateIdentifier;

    /**
     * @param commandTenant       the tenant the command is for
     * @param storedTenant        the tenant the aggregate's stored events carry
     * @param aggregateType       the aggregate's type name
     * @param aggregateIdentifier the aggregate's identifier
     */
    public TenantMismatchException(String commandTenant, String storedTenant, String aggregateType,
                                   String aggregateIdentifier) {
        super("A command of tenant [" + commandTenant + "] loaded aggregate [" + aggregateType + "] ["
                      + aggregateIdentifier + "], whose events belong to tenant [" + storedTenant + "] in the shared "
                      + "store; aggregate identifiers must be unique across the shared store's tenants");
        this.commandTenant = commandTenant;
        this.storedTenant = storedTenant;
        this.aggregateIdentifier = aggregateIdentifier;
    }

    private TenantMismatchException(String storedTenant, String aggregateType, String aggregateIdentifier) {
        super("A command without a tenant loaded aggregate [" + aggregateType + "] [" + aggregateIdentifier
                      + "], whose events belong to tenant [" + storedTenant + "] in the shared store; send it "
                      + "through CairnTenants.commandGateway() with the tenant in its metadata under ["
                      + Cairn.TENANT_KEY + "]");
        this.commandTenant = null;
        this.storedTenant = storedTenant;
        this.aggregateIdentifier = aggregateIdentifier;
    }

    /**
     * A command that names no tenant reached the shared store's application directly (not through
     * {@link CairnTenants#commandGateway()}, which refuses it) and loaded a tenant's aggregate: refused the same way.
     *
     * @param storedTenant        the tenant the aggregate's stored events carry
     * @param aggregateType       the aggregate's type name
     * @param aggregateIdentifier the aggregate's identifier
     * @return the refusal; its {@link #commandTenant()} is {@code null}
     */
    public static TenantMismatchException withoutTenant(String storedTenant, String aggregateType,
                                                        String aggregateIdentifier) {
        return new TenantMismatchException(storedTenant, aggregateType, aggregateIdentifier);
    }

    /** @return the tenant the refused command was for; {@code null} when it named none */
    public String commandTenant() {
        return commandTenant;
    }

    /** @return the tenant the aggregate's stored events carry */
    public String storedTenant() {
        return storedTenant;
    }

    /** @return the identifier of the aggregate both tenants named */
    public String aggregateIdentifier() {
        return aggregateIdentifier;
    }
}
