package com.example.tenants.killed;

import com.example.bank.Account;
import com.example.tenants.AllTenantBalances;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import dev.cairn.aggregates.Cairn;
import dev.cairn.projections.CairnProjections;
import dev.cairn.tenants.CairnTenants;

import java.time.Duration;

/**
 * One node of the killed cross-tenant projection, in a JVM of its own until it is killed:
 * {@code CrossTenantNode <connection string> <directory database> <node id>}. Runs every tenant of the registry and
 * the cross-tenant projection; prints {@code started} once it runs.
 */
public final class CrossTenantNode {

    /** The token claim timeout of every node: how soon a killed node's segments are taken over. */
    public static final Duration CLAIM_TIMEOUT = Duration.ofSeconds(2);

    private CrossTenantNode() {
    }

    public static void main(String[] args) throws Exception {
        MongoClient client = MongoClients.create(args[0]);
        CairnTenants tenants = CairnTenants.builder()
                                           .registry(client, args[1])
                                           .template(tenantId -> Cairn.builder().aggregate(Account.class))
                                           .pollInterval(Duration.ofMillis(500))
                                           .crossTenant(streams -> Cairn.builder().extension(
                                                   CairnProjections.builder().eventSource(streams)
                                                                   .projection(new AllTenantBalances(),
                                                                               o -> o.owns(AllTenantBalances.COLLECTION)
                                                                                     .segments(2))
                                                                   .tokenStore(store -> store.nodeId(args[2])
                                                                                             .claimTimeout(CLAIM_TIMEOUT))
                                                                   .build().extension()))
                                           .start();
        System.out.println("started");
        System.out.flush();
        Thread.currentThread().join(); // until killed
        tenants.close();
    }
}
