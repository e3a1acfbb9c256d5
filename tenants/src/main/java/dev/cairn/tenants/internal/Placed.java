package dev.cairn.tenants.internal;

import dev.cairn.aggregates.CairnApplication;
import dev.cairn.tenants.Tenant;

/**
 * A tenant running on this node with its application.
 *
 * @param tenant      the tenant as the registry listed it when its application started
 * @param application its started application
 */
public record Placed(Tenant tenant, CairnApplication application) {
}
