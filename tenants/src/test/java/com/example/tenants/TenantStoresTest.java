package com.example.tenants;

import com.example.bank.Account;
import com.example.bank.Bank;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import dev.cairn.aggregates.Cairn;
import dev.cairn.eventstore.mongo.support.ConnectionStrings;
import dev.cairn.aggregates.CairnApplication;
import dev.cairn.mongo.embedded.junit.EmbeddedMongoExtension;
import dev.cairn.mongo.embedded.junit.MongoTarget;
import dev.cairn.tenants.CairnTenants;
import dev.cairn.tenants.MissingTenantException;
import dev.cairn.tenants.Tenant;
import dev.cairn.tenants.TenantStatus;
import dev.cairn.tenants.TenantUnavailableException;
import dev.cairn.tenants.UnknownTenantException;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.messaging.MetaData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * ADR 85: three tenants, each with a database of its own on a server of its own (three extra embedded servers, or
 * three databases of {@code CAIRN_MONGO_URI}'s server), behind one routing command gateway.
 */
@ExtendWith(EmbeddedMongoExtension.class)
class TenantStoresTest {

    private static final List<String> TENANTS = List.of("alpha", "beta", "gamma");

    private TenantServers servers;
    private CairnTenants tenants;
    private final List<MongoClient> clients = new ArrayList<>();
    private final Map<String, MongoDatabase> stores = new java.util.HashMap<>();

    @BeforeEach
    void startThreeTenants(MongoTarget target, MongoClient client, MongoDatabase directory) {
        servers = new TenantServers(target);
        tenants = CairnTenants.builder()
                              .registry(client, directory.getName())
                              .template(tenantId -> Cairn.builder().aggregate(Account.class)
                                                         .snapshotEvery(Account.class, 2)
                                                         .startupTimeout(Duration.ofSeconds(2)))
                              .pollInterval(Duration.ofSeconds(30))
                              .start();
        for (String tenant : TENANTS) {
            String uri = servers.next();
            String database = "cairn_tenant_store_" + tenant;
            MongoClient own = MongoClients.create(uri);
            clients.add(own);
            own.getDatabase(database).drop();
            stores.put(tenant, own.getDatabase(database));
            tenants.add(Tenant.ownDatabase(tenant, database, uri));
        }
    }

    @AfterEach
    void stop() {
        tenants.close();
        clients.forEach(MongoClient::close);
        servers.close();
    }

    @Test
    void commandsEventsSnapshotsAndIdempotencyKeysLandOnlyInTheirTenantsStore() {
        // Given one gateway for all three tenants
        CommandGateway gateway = tenants.commandGateway();

        // When each tenant opens its own account and deposits twice, with the same idempotency key in every tenant
        for (String tenant : TENANTS) {
            MetaData meta = MetaData.with(Cairn.TENANT_KEY, tenant);
            gateway.sendAndWait(new Bank.OpenAccount("account-" + tenant), meta);
            gateway.sendAndWait(new Bank.Deposit("account-" + tenant, 10), meta.and(Cairn.IDEMPOTENCY_KEY, "dep-1"));
            gateway.sendAndWait(new Bank.Deposit("account-" + tenant, 5), meta);
        }

        // Then each store holds its tenant's account only, with its events stamped with the tenant
        for (String tenant : TENANTS) {
            MongoDatabase store = stores.get(tenant);
            assertThat(store.getCollection("events").distinct("events.aggregateIdentifier", String.class)
                            .into(new ArrayList<>())).as(tenant).containsExactly("account-" + tenant);
            assertThat(store.getCollection("snapshots").distinct("aggregateIdentifier", String.class)
                            .into(new ArrayList<>())).as(tenant).containsExactly("account-" + tenant);
            assertThat(store.getCollection(Cairn.IDEMPOTENCY_COLLECTION).countDocuments()).as(tenant).isEqualTo(1);
            List<? extends DomainEventMessage<?>> events = tenants.application(tenant).eventStore()
                                                                  .readEvents("account-" + tenant, 0).asStream()
                                                                  .toList();
            assertThat(events).hasSize(3)
                              .allSatisfy(e -> assertThat(e.getMetaData()).containsEntry(Cairn.TENANT_KEY, tenant));
        }
    }

    @Test
    void aCommandSentInsideATenantsApplicationCarriesItsTenantAndOneNamingAnotherTenantIsRefused() {
        // Given alpha's own application, recording the metadata of the commands it handles
        CairnApplication alpha = tenants.application("alpha");
        List<Object> handled = new java.util.concurrent.CopyOnWriteArrayList<>();
        alpha.configuration().commandBus().registerHandlerInterceptor((unitOfWork, chain) -> {
            handled.add(unitOfWork.getMessage().getMetaData().get(Cairn.TENANT_KEY));
            return chain.proceed();
        });

        // When a command is sent on it without a tenant, as a saga or a handler of alpha sends one
        alpha.commandGateway().sendAndWait(new Bank.OpenAccount("account-inside"));

        // Then it carries alpha
        assertThat(handled).containsExactly("alpha");
        // and a command naming beta is refused there, naming both
        assertThatThrownBy(() -> alpha.commandGateway().sendAndWait(new Bank.OpenAccount("account-other"),
                                                                    MetaData.with(Cairn.TENANT_KEY, "beta")))
                .hasMessageContaining("[beta]").hasMessageContaining("[alpha]");
        assertThat(stores.get("alpha").getCollection("events").countDocuments()).isEqualTo(1);
    }

    @Test
    void aCommandWithoutATenantOrForAnUnknownOneIsRefusedNamingTheCulprit() {
        // Given the three tenants
        CommandGateway gateway = tenants.commandGateway();

        // When / Then a command without a tenant names its type and the key
        assertThatThrownBy(() -> gateway.sendAndWait(new Bank.OpenAccount("account-x")))
                .isInstanceOf(MissingTenantException.class)
                .hasMessageContaining(Bank.OpenAccount.class.getName()).hasMessageContaining("[tenantId]");
        // and one for an unknown tenant names it and the known ones
        assertThatThrownBy(() -> gateway.sendAndWait(new Bank.OpenAccount("account-x"),
                                                     MetaData.with(Cairn.TENANT_KEY, "delta")))
                .isInstanceOf(UnknownTenantException.class)
                .hasMessageContaining("[delta]").hasMessageContaining("[alpha, beta, gamma]");
    }

    @Test
    void aResolverDecidesTheTenantOfACommandWithoutOne(MongoClient client, MongoDatabase directory) {
        // Given a second node whose resolver reads the tenant from the account's name
        try (CairnTenants resolving = CairnTenants.builder()
                                                  .registry(client, directory.getName())
                                                  .template(tenantId -> Cairn.builder().aggregate(Account.class))
                                                  .tenantResolver(command -> ((Bank.OpenAccount) command.getPayload())
                                                          .accountId().substring("account-".length()))
                                                  .start()) {
            // When
            resolving.commandGateway().sendAndWait(new Bank.OpenAccount("account-beta"));

            // Then the account is in beta's store only
            assertThat(stores.get("beta").getCollection("events").countDocuments()).isEqualTo(1);
            assertThat(stores.get("alpha").getCollection("events").countDocuments()).isZero();
        }
    }

    @Test
    void oneTenantsServerStoppedFailsOnlyItsOwnCommands() {
        assumeTrue(servers.separate(), "needs a server per tenant: the embedded servers");
        // Given three tenants with an account each
        CommandGateway gateway = tenants.commandGateway();
        TENANTS.forEach(t -> gateway.sendAndWait(new Bank.OpenAccount("account-" + t),
                                                 MetaData.with(Cairn.TENANT_KEY, t)));

        // When gamma's server stops
        servers.stop(2);

        // Then gamma's commands fail naming gamma, and alpha's and beta's go on
        assertThatThrownBy(() -> gateway.sendAndWait(new Bank.Deposit("account-gamma", 1),
                                                     MetaData.with(Cairn.TENANT_KEY, "gamma")))
                .isInstanceOf(TenantUnavailableException.class).hasMessageContaining("Tenant [gamma]");
        long alpha = gateway.sendAndWait(new Bank.Deposit("account-alpha", 7), MetaData.with(Cairn.TENANT_KEY, "alpha"));
        long beta = gateway.sendAndWait(new Bank.Deposit("account-beta", 8), MetaData.with(Cairn.TENANT_KEY, "beta"));
        assertThat(List.of(alpha, beta)).containsExactly(7L, 8L);
        assertThat(stores.get("alpha").getCollection("events").countDocuments()).isEqualTo(2);
        // and the status shows gamma unreachable, naming its server, and the others running
        List<TenantStatus> status = tenants.status();
        assertThat(status).allSatisfy(s -> assertThat(s.running()).isTrue())
                                    .extracting(s -> s.tenant().id() + " " + s.state())
                                    .containsExactly("alpha RUNNING", "beta RUNNING", "gamma UNREACHABLE");
        assertThat(status.get(2).lastError()).contains("does not answer")
                                                       .contains(ConnectionStrings.hosts(servers.uri(2)));
    }
}
