package com.example.tenants;

import com.example.bank.Account;
import com.example.bank.Bank;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import dev.cairn.aggregates.Cairn;
import dev.cairn.mongo.embedded.junit.EmbeddedMongoExtension;
import dev.cairn.projections.CairnProjections;
import dev.cairn.projections.ProjectionState;
import dev.cairn.projections.ProjectionStatus;
import dev.cairn.tenants.CairnTenants;
import dev.cairn.tenants.Tenant;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.messaging.MetaData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * ADR 85: a cross-tenant projection's status and catch-up are measured on each tenant's own head, not on the
 * directory database's (empty) event store. Two tenants in databases of the directory's server.
 */
@ExtendWith(EmbeddedMongoExtension.class)
class CrossTenantStatusTest {

    private static final String NAME = "all-tenant-balances";

    private CairnTenants tenants;
    private final AtomicReference<CairnProjections> projections = new AtomicReference<>();

    @BeforeEach
    void startTwoTenantsAndTheCrossTenantProjection(MongoClient client, MongoDatabase directory) {
        List.of("alpha", "beta").forEach(tenant -> client.getDatabase("cairn_tenant_status_" + tenant).drop());
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
        tenants.add(Tenant.ownDatabase("alpha", "cairn_tenant_status_alpha"));
        tenants.add(Tenant.ownDatabase("beta", "cairn_tenant_status_beta"));
    }

    @AfterEach
    void stop() {
        tenants.close();
    }

    @Test
    void statusShowsEachTenantsLagAndAwaitCaughtUpWaitsForEveryTenant() throws InterruptedException {
        // Given an account in each tenant, projected
        send("alpha", new Bank.OpenAccount("account-1"));
        send("beta", new Bank.OpenAccount("account-1"));
        assertThat(projections.get().awaitCaughtUp(NAME, Duration.ofSeconds(15))).isTrue();
        assertThat(projections.get().status(NAME).lagEvents()).isZero();

        // When its processor is stopped on this node, and the tenants take 2 and 3 deposits
        StreamingEventProcessor processor = projections.get().processor(NAME).orElseThrow();
        processor.shutDown();
        deposit("alpha", 2);
        deposit("beta", 3);

        // Then its status shows each tenant's lag, measured on that tenant's head, and their sum
        ProjectionStatus behind = projections.get().status(NAME);
        assertThat(behind.state()).isEqualTo(ProjectionState.STOPPED);
        assertThat(behind.partLag()).containsExactly(Map.entry("alpha", 2L), Map.entry("beta", 3L));
        assertThat(behind.lagEvents()).isEqualTo(5);
        assertThat(behind.caughtUp()).isFalse();
        assertThat(behind.head() - behind.position()).isEqualTo(5);
        // and waiting for it times out, while a global position is refused with the way to wait instead
        assertThat(projections.get().awaitCaughtUp(NAME, Duration.ofMillis(300))).isFalse();
        assertThatThrownBy(() -> projections.get().awaitCaughtUp(NAME, 1, Duration.ofMillis(10)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(NAME).hasMessageContaining("awaitCaughtUp(name, timeout)");

        // When it starts again
        processor.start();

        // Then it catches up with every tenant, and its status shows no lag
        assertThat(projections.get().awaitCaughtUp(NAME, Duration.ofSeconds(15))).isTrue();
        ProjectionStatus caughtUp = projections.get().status(NAME);
        assertThat(caughtUp.partLag()).containsExactly(Map.entry("alpha", 0L), Map.entry("beta", 0L));
        assertThat(caughtUp.lagEvents()).isZero();
        assertThat(caughtUp.caughtUp()).isTrue();
        assertThat(projections.get().readModel(NAME).collection(AllTenantBalances.COLLECTION).find("beta/account-1"))
                .hasValueSatisfying(document -> assertThat(document.get("deposits")).isEqualTo(3));
    }

    private void deposit(String tenant, int times) {
        for (int i = 0; i < times; i++) {
            send(tenant, new Bank.Deposit("account-1", 10));
        }
    }

    private void send(String tenant, Object command) {
        tenants.commandGateway().sendAndWait(command, MetaData.with(Cairn.TENANT_KEY, tenant));
    }
}
