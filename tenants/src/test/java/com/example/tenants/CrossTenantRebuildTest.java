package com.example.tenants;

import com.example.bank.Account;
import com.example.bank.Bank;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import dev.cairn.aggregates.Cairn;
import dev.cairn.mongo.embedded.junit.EmbeddedMongoExtension;
import dev.cairn.processing.StoredSegment;
import dev.cairn.projections.CairnProjections;
import dev.cairn.projections.ProjectionState;
import dev.cairn.projections.ProjectionStatus;
import dev.cairn.projections.Rebuild;
import dev.cairn.projections.RebuildMode;
import dev.cairn.projections.RebuildOptions;
import dev.cairn.projections.RebuildProgress;
import dev.cairn.tenants.CairnTenants;
import dev.cairn.tenants.Tenant;
import org.axonframework.messaging.MetaData;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * ADR 85: a cross-tenant projection is rebuilt in place (stopped, read model cleared, every tenant read again from
 * its first event, a tenant added at runtime included) and paused and resumed as any projection is. Two tenants at
 * start and one added at runtime, in databases of the directory's server; a dozen events (~3 s).
 */
@ExtendWith(EmbeddedMongoExtension.class)
class CrossTenantRebuildTest {

    private static final String NAME = "all-tenant-balances";
    private static final List<String> TENANTS = List.of("alpha", "beta", "gamma");

    private CairnTenants tenants;
    private MongoCollection<Document> readModel;
    private final AtomicReference<CairnProjections> projections = new AtomicReference<>();
    /** What each tenant's account received: deposits and their sum, as the read model must show them. */
    private final Map<String, long[]> sent = new HashMap<>();

    @BeforeEach
    void startTwoTenantsAndTheCrossTenantProjection(MongoClient client, MongoDatabase directory) {
        TENANTS.forEach(tenant -> client.getDatabase("cairn_tenant_rebuild_" + tenant).drop());
        readModel = directory.getCollection(AllTenantBalances.COLLECTION);
        tenants = CairnTenants.builder()
                              .registry(client, directory.getName())
                              .template(tenantId -> Cairn.builder().aggregate(Account.class))
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
        tenants.add(Tenant.ownDatabase("alpha", "cairn_tenant_rebuild_alpha"));
        tenants.add(Tenant.ownDatabase("beta", "cairn_tenant_rebuild_beta"));
    }

    @AfterEach
    void stop() {
        tenants.close();
    }

    @Test
    void aRebuildInPlaceProjectsEveryTenantsEventsExactlyOnceATenantAddedAtRuntimeIncluded() throws Exception {
        // Given accounts in alpha and beta with deposits, and gamma added at runtime with deposits too, all projected
        open("alpha");
        deposit("alpha", 3, 10);
        open("beta");
        deposit("beta", 2, 5);
        tenants.add(Tenant.ownDatabase("gamma", "cairn_tenant_rebuild_gamma"));
        open("gamma");
        deposit("gamma", 4, 1);
        assertThat(projections.get().awaitCaughtUp(NAME, Duration.ofSeconds(15))).isTrue();
        // and the read model damaged: balances wrong, a document no event made
        readModel.updateMany(Filters.empty(), Updates.set("balance", -1));
        readModel.insertOne(new Document("_id", "stray/account-9").append("balance", 99));

        // When it is rebuilt in place
        Rebuild rebuild = projections.get().rebuild(NAME, RebuildOptions.defaults());
        RebuildProgress done = rebuild.completion().get(30, TimeUnit.SECONDS);

        // Then the rebuild covered every tenant's events (3 opened + 9 deposits), and once it completed the read model
        // holds each tenant's account exactly as its events say, and nothing else
        assertThat(done.total()).isEqualTo(12);
        assertThat(done.done()).isEqualTo(12);
        assertReadModelIsExact();
        assertThat(projections.get().status(NAME).rebuild()).isNull();

        // When a tenant takes another deposit after the rebuild
        deposit("alpha", 1, 7);

        // Then the projection runs on and projects it
        assertThat(projections.get().awaitCaughtUp(NAME, Duration.ofSeconds(15))).isTrue();
        assertReadModelIsExact();
    }

    @Test
    void aBlueGreenRebuildIsRefusedNamingTheProjectionAndTheWayToRebuild() {
        // Given a projected account
        open("alpha");

        // When / Then a blue/green rebuild is refused, naming the projection and the in-place rebuild
        assertThatThrownBy(() -> projections.get().rebuild(NAME, RebuildOptions.defaults()
                                                                                .mode(RebuildMode.BLUE_GREEN)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("[" + NAME + "]").hasMessageContaining("in place");
        // and nothing changed: the live version is still 1
        assertThat(projections.get().liveVersion(NAME)).isEqualTo(1);
    }

    @Test
    void pauseStopsTheCrossTenantProjectionOnItsNodeAndResumeContinuesIt() throws InterruptedException {
        // Given an account in each tenant, projected
        open("alpha");
        open("beta");
        assertThat(projections.get().awaitCaughtUp(NAME, Duration.ofSeconds(15))).isTrue();

        // When it is paused
        projections.get().pause(NAME);

        // Then within a coordination round its processor lets go of every segment in storage, and the status says
        // PAUSED
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            assertThat(projections.get().tokenStore().segments(NAME)).isNotEmpty()
                                                                     .extracting(StoredSegment::owner)
                                                                     .containsOnlyNulls();
            assertThat(projections.get().status(NAME).state()).isEqualTo(ProjectionState.PAUSED);
        });
        // and deposits made while paused are not projected
        deposit("alpha", 3, 10);
        deposit("beta", 2, 5);
        Thread.sleep(600); // longer than a stream's wait for events and a pause poll
        assertThat(readModel.find(Filters.exists("deposits")).first()).isNull();
        assertThat(projections.get().status(NAME).partLag()).containsExactly(Map.entry("alpha", 3L),
                                                                             Map.entry("beta", 2L));

        // When it is resumed
        projections.get().resume(NAME);

        // Then it continues from its tokens and projects every deposit once
        assertThat(projections.get().awaitCaughtUp(NAME, Duration.ofSeconds(15))).isTrue();
        assertReadModelIsExact();
        assertThat(projections.get().status(NAME).state()).isIn(ProjectionState.RUNNING, ProjectionState.STOPPED);
    }

    private void assertReadModelIsExact() {
        Map<String, Document> rows = new HashMap<>();
        readModel.find().forEach(row -> rows.put(row.getString("_id"), row));
        assertThat(rows.keySet()).containsExactlyInAnyOrderElementsOf(
                sent.keySet().stream().map(tenant -> tenant + "/account-1").toList());
        sent.forEach((tenant, deposits) -> {
            Document row = rows.get(tenant + "/account-1");
            assertThat(row.get("opened")).as(tenant).isEqualTo(1);
            assertThat(((Number) row.get("deposits", 0)).longValue()).as(tenant).isEqualTo(deposits[0]);
            assertThat(((Number) row.get("balance", 0L)).longValue()).as(tenant).isEqualTo(deposits[1]);
        });
    }

    private void open(String tenant) {
        send(tenant, new Bank.OpenAccount("account-1"));
        sent.put(tenant, new long[2]);
    }

    private void deposit(String tenant, int times, long amount) {
        for (int i = 0; i < times; i++) {
            send(tenant, new Bank.Deposit("account-1", amount));
            sent.get(tenant)[0]++;
            sent.get(tenant)[1] += amount;
        }
    }

    private void send(String tenant, Object command) {
        tenants.commandGateway().sendAndWait(command, MetaData.with(Cairn.TENANT_KEY, tenant));
    }
}
