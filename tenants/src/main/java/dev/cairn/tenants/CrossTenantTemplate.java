package dev.cairn.tenants;

import dev.cairn.aggregates.Cairn;

/**
 * Makes the application of the processors across tenants (ADR 85, decision 6): it runs on the directory database, and
 * its projections read every tenant's events through the {@link TenantStreams} given.
 * <pre>{@code
 * CairnTenants.builder()
 *             .registry(client, "shop")
 *             .template(tenantId -> Cairn.builder().aggregate(Order.class))
 *             .crossTenant(streams -> Cairn.builder().extension(
 *                     CairnProjections.builder().eventSource(streams)
 *                                     .projection(new SalesPerTenant(), o -> o.owns("sales")).build().extension()))
 *             .start();
 * }</pre>
 * Read models and tokens are in the directory database; every event carries its tenant in
 * {@value Cairn#TENANT_KEY} (a handler takes it with {@code @MetaDataValue(Cairn.TENANT_KEY)}). Leave the database
 * unset: {@link CairnTenants} sets the directory database.
 */
@FunctionalInterface
public interface CrossTenantTemplate {

    /**
     * @param streams every running tenant's events, for the projections' {@code eventSource}
     * @return a new builder with the cross-tenant application's settings, without a database
     */
    Cairn.Builder builderFor(TenantStreams streams);
}
