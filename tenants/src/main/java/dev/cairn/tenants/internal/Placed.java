package dev.cairn.tenants.internal;

import dev.cairn.aggregates.CairnApplication;
import dev.cairn.eventstore.mongo.support.CairnCollections;
import dev.cairn.tenants.Tenant;

/**
 * A tenant running on this node with its application.
 *
 * @param tenant      the tenant as the registry listed it when its application started
 * @param application its started application
 * @param collections the names its application gives Cairn's collections, for reading its processors' status
 */
public record Placed(Tenant tenant, CairnApplication application, CairnCollections collections) {

    /** A tenant whose application uses Cairn's default collection names. */
    public Placed(Tenant tenant, CairnApplication application) {
        this(tenant, application, CairnCollections.defaults());
    }
}
