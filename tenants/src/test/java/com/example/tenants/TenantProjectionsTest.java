package com.example.tenants;

import com.example.bank.Account;
import com.example.bank.Bank;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import dev.cairn.aggregates.Cairn;
import dev.cairn.eventstore.mongo.support.CairnCollections;
import dev.cairn.mongo.embedded.junit.EmbeddedMongoExtension;
import dev.cairn.projections.CairnProjections;
import dev.cairn.tenants.CairnTenants;
import dev.cairn.tenants.Tenant;
import dev.cairn.tenants.TenantState;
import org.axonframework.messaging.MetaData;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * ADR 85: a projection in the template runs in each tenant's application, with its read model and tokens in the
 * tenant's database. Two tenants on the registry's server.
 */
@ExtendWith(EmbeddedMongoExtension.class)
class TenantProjectionsTest {

    @Test
    void eachTenantsProjectionBuildsItsReadModelAndKeepsItsTokensInTheTenantsDatabase(MongoClient client,
                                                                                        MongoDatabase directory)
            throws InterruptedException {
        // Given two tenants whose template registers a balances projection
        Map<String, CairnProjections> projections = new ConcurrentHashMap<>();
        List<String> tenantIds = List.of("north", "south");
        tenantIds.forEach(t -> client.getDatabase("cairn_tenant_projection_" + t).drop());
        try (CairnTenants tenants = CairnTenants.builder()
                                                .registry(client, directory.getName())
                                                .template(tenantId -> {
                                                    CairnProjections own = CairnProjections.builder()
                                                            .projection(new TenantBalances(),
                                                                        o -> o.owns("tenant_balances"))
                                                            .build();
                                                    projections.put(tenantId, own);
                                                    return Cairn.builder().aggregate(Account.class)
                                                                .extension(own.extension());
                                                })
                                                .start()) {
            tenantIds.forEach(t -> tenants.add(Tenant.ownDatabase(t, "cairn_tenant_projection_" + t)));

            // When each tenant opens an account and deposits a tenant-specific amount
            long amount = 10;
            for (String tenant : tenantIds) {
                MetaData meta = MetaData.with(Cairn.TENANT_KEY, tenant);
                tenants.commandGateway().sendAndWait(new Bank.OpenAccount("account-" + tenant), meta);
                tenants.commandGateway().sendAndWait(new Bank.Deposit("account-" + tenant, amount++), meta);
                long position = tenants.application(tenant).lastAppendedPosition().orElseThrow();
                assertThat(projections.get(tenant).awaitCaughtUp("tenant-balances", position, Duration.ofSeconds(10)))
                        .as(tenant).isTrue();
            }

            // Then each tenant's database holds its own read model and tokens, and the directory none
            amount = 10;
            for (String tenant : tenantIds) {
                MongoDatabase store = client.getDatabase("cairn_tenant_projection_" + tenant);
                List<Document> balances = store.getCollection("tenant_balances").find().into(new ArrayList<>());
                assertThat(balances).as(tenant).singleElement().satisfies(doc -> {
                    assertThat(doc.get("_id")).isEqualTo("account-" + tenant);
                });
                assertThat(projections.get(tenant).readModel("tenant-balances").collection("tenant_balances")
                                      .find("account-" + tenant).orElseThrow().get("balance", Number.class)
                                      .longValue()).isEqualTo(amount++);
                assertThat(store.getCollection(CairnCollections.TOKENS).countDocuments()).as(tenant).isPositive();
            }
            assertThat(directory.getCollection(CairnCollections.TOKENS).countDocuments()).isZero();

            // and the status shows each tenant running, with its projection caught up on its own store
            assertThat(tenants.status()).hasSize(2).allSatisfy(status -> {
                assertThat(status.state()).isEqualTo(TenantState.RUNNING);
                long head = tenants.application(status.tenant().id()).lastAppendedPosition().orElseThrow();
                assertThat(status.processors()).singleElement().satisfies(p -> {
                    assertThat(p.name()).isEqualTo("tenant-balances");
                    assertThat(p.head()).isEqualTo(head);
                    assertThat(p.caughtUp()).isTrue();
                });
            });
        }
    }
}
