package com.example.tenants;

import com.example.bank.Account;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import dev.cairn.aggregates.Cairn;
import dev.cairn.mongo.embedded.junit.EmbeddedMongoExtension;
import dev.cairn.projections.CairnProjections;
import dev.cairn.tenants.CairnTenants;
import dev.cairn.tenants.Tenant;
import dev.cairn.tenants.TenantDirectory;
import dev.cairn.tenants.TenantUnavailableException;
import org.axonframework.common.AxonConfigurationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * ADR 85: the shared store's application (the template's processors) and the cross-tenant application both run on the
 * directory database and keep their tokens in its token store, so a processor name in both would make a processor of
 * the shared store and one across tenants share one token. Whichever starts second is refused, naming both; a tenant
 * cannot take the directory database as its own.
 */
@ExtendWith(EmbeddedMongoExtension.class)
class DirectoryProcessorNamesTest {

    private CairnTenants tenants;

    @AfterEach
    void stop() {
        if (tenants != null) {
            tenants.close();
        }
    }

    @Test
    void aCrossTenantProcessorNamedLikeTheSharedStoresIsAStartUpErrorNamingBoth(MongoClient client,
                                                                                  MongoDatabase directory) {
        // Given a registry listing a shared tenant, so the shared store's application starts with the node
        TenantDirectory.on(directory).add(Tenant.shared("corner"));

        // When the node starts with a cross-tenant projection named like the template's projection
        // Then its start fails, naming the processor and both applications
        assertThatThrownBy(() -> tenants = builder(client, directory).start())
                .isInstanceOf(AxonConfigurationException.class)
                .hasMessageContaining("[shared-balances]")
                .hasMessageContaining("the cross-tenant application")
                .hasMessageContaining("the shared store's application")
                .hasMessageContaining("[" + directory.getName() + "]");
    }

    @Test
    void aSharedStoreStartedAfterTheCrossTenantApplicationIsRefusedNamingBoth(MongoClient client,
                                                                             MongoDatabase directory) {
        // Given a node running the cross-tenant application, with no shared tenant yet
        tenants = builder(client, directory).start();

        // When a first shared tenant is listed, which starts the shared store's application
        tenants.add(Tenant.shared("corner"));

        // Then that start is refused naming both processors, and the tenant's commands say why
        assertThatThrownBy(() -> tenants.application("corner"))
                .isInstanceOf(TenantUnavailableException.class)
                .hasMessageContaining("[shared-balances]")
                .hasMessageContaining("the shared store's application")
                .hasMessageContaining("the cross-tenant application");
        assertThat(tenants.status()).singleElement()
                                    .satisfies(status -> assertThat(status.lastError()).contains("[shared-balances]"));
    }

    @Test
    void aTenantCannotHaveTheDirectoryDatabaseAsItsOwn(MongoDatabase directory) {
        // Given the registry of a directory database
        TenantDirectory registry = TenantDirectory.on(directory);

        // When a tenant is placed in the directory database as a database of its own
        // Then it is refused naming the tenant and the database, and not listed
        assertThatThrownBy(() -> registry.add(Tenant.ownDatabase("acme", directory.getName())))
                .isInstanceOf(AxonConfigurationException.class)
                .hasMessageContaining("[acme]").hasMessageContaining("[" + directory.getName() + "]");
        assertThat(registry.list()).isEmpty();
    }

    private static CairnTenants.Builder builder(MongoClient client, MongoDatabase directory) {
        return CairnTenants.builder()
                           .registry(client, directory.getName())
                           .template(tenantId -> Cairn.builder().aggregate(Account.class).extension(
                                   CairnProjections.builder()
                                                   .projection(new SharedTenantBalances(),
                                                               o -> o.owns("shared_balances"))
                                                   .build().extension()))
                           .crossTenant(streams -> Cairn.builder().extension(
                                   CairnProjections.builder().eventSource(streams)
                                                   .projection(new CrossTenantBalancesNamedLikeShared(),
                                                               o -> o.owns("cross_balances"))
                                                   .build().extension()))
                           .pollInterval(Duration.ofSeconds(30));
    }
}
