package com.example.tenants;

import com.example.bank.Account;
import com.example.bank.Bank;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import dev.cairn.aggregates.Cairn;
import dev.cairn.aggregates.CairnApplication;
import dev.cairn.eventstore.mongo.support.CairnCollections;
import dev.cairn.mongo.embedded.junit.EmbeddedMongoExtension;
import dev.cairn.mongo.embedded.junit.MongoTarget;
import dev.cairn.projections.CairnProjections;
import dev.cairn.tenants.CairnTenants;
import dev.cairn.tenants.Tenant;
import dev.cairn.tenants.TenantStreamStatus;
import dev.cairn.tenants.TenantStreamsToken;
import org.axonframework.messaging.MetaData;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * ADR 85, decision 6: one projection over every tenant's stream, three tenants on three servers of their own (extra
 * embedded servers, or databases of {@code CAIRN_MONGO_URI}'s server), its read model and token in the directory
 * database, two segments.
 */
@ExtendWith(EmbeddedMongoExtension.class)
class CrossTenantProjectionTest {

    private static final List<String> TENANTS = List.of("alpha", "beta", "gamma");

    private TenantServers servers;
    private CairnTenants tenants;
    private final AtomicReference<CairnProjections> projections = new AtomicReference<>();
    private final List<MongoClient> clients = new ArrayList<>();
    private final Map<String, Long> expected = new HashMap<>();
    private final List<String> uris = new ArrayList<>();

    @BeforeEach
    void startThreeTenantsAndTheCrossTenantProjection(MongoTarget target, MongoClient client,
                                                      MongoDatabase directory) {
        servers = new TenantServers(target);
        List<Tenant> placed = new ArrayList<>();
        for (String tenant : TENANTS) {
            String uri = servers.next();
            uris.add(uri);
            String database = "cairn_tenant_cross_" + tenant;
            MongoClient own = MongoClients.create(uri);
            clients.add(own);
            own.getDatabase(database).drop();
            placed.add(Tenant.ownDatabase(tenant, database, uri));
        }
        client.getDatabase("cairn_tenant_cross_delta").drop();
        tenants = CairnTenants.builder()
                              .registry(client, directory.getName())
                              .template(tenantId -> Cairn.builder().aggregate(Account.class)
                                                         .startupTimeout(Duration.ofSeconds(2)))
                              .pollInterval(Duration.ofMillis(200))
                              .crossTenant(streams -> {
                                  CairnProjections across = CairnProjections.builder().eventSource(streams)
                                          .projection(new AllTenantBalances(),
                                                      o -> o.owns(AllTenantBalances.COLLECTION).segments(2))
                                          .build();
                                  projections.set(across);
                                  return Cairn.builder().extension(across.extension());
                              })
                              .start();
        placed.forEach(tenants::add);
    }

    @AfterEach
    void stop() {
        tenants.close();
        clients.forEach(MongoClient::close);
        servers.close();
    }

    @Test
    void theProjectionIsExactOverEveryTenantAndATenantAddedAtRuntimeJoinsFromItsFirstEvent(MongoDatabase directory) {
        // Given the same account in every tenant, with deposits of a different amount per tenant
        for (int i = 0; i < TENANTS.size(); i++) {
            open(TENANTS.get(i));
            deposit(TENANTS.get(i), 5, i + 1);
        }

        // Then the projection holds each tenant's balance
        awaitProjected();

        // When a tenant is added at runtime and its account takes deposits
        tenants.add(Tenant.ownDatabase("delta", "cairn_tenant_cross_delta"));
        open("delta");
        deposit("delta", 4, 10);
        deposit("alpha", 1, 100);

        // Then its account is projected from its first event, next to the others
        awaitProjected();
        assertThat(document("delta")).containsEntry("opened", 1).containsEntry("deposits", 4);

        // and each segment's token is readable JSON in the directory's token store, naming every tenant
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            List<Document> tokens = directory.getCollection(CairnCollections.TOKENS)
                                             .find(Filters.eq("token.tokenType", TenantStreamsToken.class.getName()))
                                             .into(new ArrayList<>());
            assertThat(tokens).hasSize(2).allSatisfy(entry -> {
                Document json = entry.get("token", Document.class).get("json", Document.class);
                assertThat(json.getInteger("format")).isEqualTo(TenantStreamsToken.FORMAT);
                assertThat(json.get("tenants", Document.class).keySet())
                        .containsExactlyInAnyOrder("alpha", "beta", "gamma", "delta");
            });
        });
    }

    @Test
    void aRemovedTenantStopsContributing(MongoClient client) {
        // Given beta projected
        TENANTS.forEach(tenant -> {
            open(tenant);
            deposit(tenant, 1, 3);
        });
        awaitProjected();
        Map<String, String> uris = new HashMap<>();
        tenants.status().forEach(s -> uris.put(s.tenant().id(), s.tenant().connectionString()));

        // When beta is removed, and an application of its own still appends to its store
        tenants.remove("beta");
        try (CairnApplication betaAlone = Cairn.builder().mongo(uris.get("beta"), "cairn_tenant_cross_beta")
                                               .aggregate(Account.class).start()) {
            betaAlone.commandGateway().sendAndWait(new Bank.Deposit("account-1", 1_000));
        }
        deposit("alpha", 1, 7);

        // Then alpha's deposit is projected and beta's is not
        expected.remove("beta");
        awaitProjected();
        assertThat(document("beta")).containsEntry("balance", 3L);
    }

    @Test
    void oneTenantsServerStoppedStallsItsStreamOnlyAndStatusNamesIt() {
        assumeTrue(servers.separate(), "needs a server per tenant: the embedded servers");
        // Given the three tenants projected
        TENANTS.forEach(tenant -> {
            open(tenant);
            deposit(tenant, 1, 2);
        });
        awaitProjected();

        // When gamma's server stops, and alpha and beta take deposits
        servers.stop(2);
        deposit("alpha", 2, 5);
        deposit("beta", 1, 6);

        // Then alpha's and beta's are projected, and the streams' status names gamma as stalled
        awaitProjected();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(
                () -> assertThat(tenants.streams().status())
                        .filteredOn(TenantStreamStatus::stalled).extracting(TenantStreamStatus::tenantId)
                        .containsExactly("gamma"));

        // When a tenant is added whose server does not answer, so that its application cannot start
        tenants.add(Tenant.ownDatabase("epsilon", "cairn_tenant_cross_epsilon", uris.get(2)));

        // Then the streams' status names it too, and alpha's deposits are still projected
        assertThat(tenants.streams().status()).filteredOn(TenantStreamStatus::stalled)
                                              .extracting(TenantStreamStatus::tenantId)
                                              .containsExactly("epsilon", "gamma");
        assertThat(tenants.streams().status()).filteredOn(s -> s.tenantId().equals("epsilon")).singleElement()
                                              .satisfies(s -> assertThat(s.lastError()).contains("not running"));
        deposit("alpha", 1, 9);
        awaitProjected();
    }

    private void open(String tenant) {
        tenants.commandGateway().sendAndWait(new Bank.OpenAccount("account-1"), MetaData.with(Cairn.TENANT_KEY, tenant));
        expected.putIfAbsent(tenant, 0L);
    }

    private void deposit(String tenant, int times, long amount) {
        for (int i = 0; i < times; i++) {
            tenants.commandGateway().sendAndWait(new Bank.Deposit("account-1", amount),
                                                 MetaData.with(Cairn.TENANT_KEY, tenant));
            expected.merge(tenant, amount, Long::sum);
        }
    }

    private void awaitProjected() {
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> expected.forEach(
                (tenant, balance) -> assertThat(document(tenant).get("balance", 0L)).as(tenant).isEqualTo(balance)));
    }

    private Document document(String tenant) {
        return projections.get().readModel("all-tenant-balances").collection(AllTenantBalances.COLLECTION)
                          .find(tenant + "/account-1").orElse(new Document());
    }
}
