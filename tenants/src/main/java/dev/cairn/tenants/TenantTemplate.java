package dev.cairn.tenants;

import dev.cairn.aggregates.Cairn;

/**
 * Makes the application every tenant with a database of its own runs: the same aggregates, extensions (projections,
 * sagas, snapshots), serializer and options as a single-store application, once per tenant.
 * <pre>{@code
 * TenantTemplate template = tenantId -> Cairn.builder()
 *                                           .aggregate(Order.class)
 *                                           .extension(CairnProjections.builder()...build());
 * }</pre>
 * Return a <em>new</em> builder on every call, with new extension instances: each tenant's application owns its
 * components. Leave the database unset: {@link CairnTenants} sets the tenant's database (a builder's own database is
 * replaced).
 */
@FunctionalInterface
public interface TenantTemplate {

    /**
     * @param tenantId the tenant whose application is being started
     * @return a new builder with the application's settings, without a database
     */
    Cairn.Builder builderFor(String tenantId);
}
