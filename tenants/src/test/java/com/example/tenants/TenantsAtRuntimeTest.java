package com.example.tenants;

import com.example.bank.Account;
import com.example.bank.Bank;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import dev.cairn.aggregates.Cairn;
import dev.cairn.eventstore.mongo.support.CairnCollections;
import dev.cairn.mongo.embedded.junit.EmbeddedMongoExtension;
import dev.cairn.tenants.CairnTenants;
import dev.cairn.tenants.Tenant;
import dev.cairn.tenants.TenantStatus;
import dev.cairn.tenants.UnknownTenantException;
import org.axonframework.messaging.MetaData;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * ADR 85: two nodes on one registry; a tenant added or removed on one reaches the other by polling, without a restart.
 */
@ExtendWith(EmbeddedMongoExtension.class)
class TenantsAtRuntimeTest {

    private static final String STORE = "cairn_tenant_runtime_delta";

    @BeforeEach
    void dropTheTenantsStore(MongoClient client) {
        client.getDatabase(STORE).drop();
    }

    @Test
    void aTenantAddedOnOneNodeServesCommandsOnTheOtherAndRemovingItStopsItKeepingItsData(MongoClient client,
                                                                                        MongoDatabase directory) {
        // Given two nodes on the same registry, polling every 200 ms,
        // and a third that polls once a minute
        try (CairnTenants first = node(client, directory, Duration.ofMillis(200));
             CairnTenants second = node(client, directory, Duration.ofMillis(200));
             CairnTenants third = node(client, directory, Duration.ofMinutes(1))) {

            // When the first node adds a tenant
            first.add(Tenant.ownDatabase("delta", STORE));

            // Then the third reads the registry when a command names the tenant, long before its next poll
            third.commandGateway().sendAndWait(new Bank.OpenAccount("account-0"),
                                               MetaData.with(Cairn.TENANT_KEY, "delta"));

            // Then the second starts its application at its next poll, and serves its commands
            await().atMost(Duration.ofSeconds(5)).until(() -> running(second, "delta"));
            second.commandGateway().sendAndWait(new Bank.OpenAccount("account-1"),
                                                MetaData.with(Cairn.TENANT_KEY, "delta"));
            assertThat(client.getDatabase(STORE).getCollection("events").countDocuments()).isEqualTo(2);
            Document entry = directory.getCollection(CairnCollections.TENANTS).find().first();
            assertThat(entry).containsEntry("_id", "delta").containsEntry("placement", "own")
                             .containsEntry("database", STORE).containsEntry("state", "active")
                             .containsEntry("format", 1);

            // When the second node removes it
            second.remove("delta");

            // Then the first stops it at its next poll, refuses its commands, and its data is kept
            await().atMost(Duration.ofSeconds(5)).until(() -> !running(first, "delta"));
            assertThat(first.status()).singleElement().satisfies(s -> assertThat(s.active()).isFalse());
            assertThatThrownBy(() -> first.commandGateway().sendAndWait(new Bank.Deposit("account-1", 1),
                                                                        MetaData.with(Cairn.TENANT_KEY, "delta")))
                    .isInstanceOf(UnknownTenantException.class).hasMessageContaining("[delta]");
            assertThat(client.getDatabase(STORE).getCollection("events").countDocuments()).isEqualTo(2);
        }
    }

    @Test
    void twoTenantsCannotShareADatabase(MongoClient client, MongoDatabase directory) {
        // Given a tenant on a database
        try (CairnTenants node = node(client, directory, Duration.ofSeconds(30))) {
            node.add(Tenant.ownDatabase("delta", STORE));

            // When / Then another tenant on the same database is refused, naming both
            assertThatThrownBy(() -> node.add(Tenant.ownDatabase("epsilon", STORE)))
                    .hasMessageContaining("[epsilon]").hasMessageContaining("[delta]");
        }
    }

    private static CairnTenants node(MongoClient client, MongoDatabase directory, Duration pollInterval) {
        return CairnTenants.builder()
                           .registry(client, directory.getName())
                           .template(tenantId -> Cairn.builder().aggregate(Account.class))
                           .pollInterval(pollInterval)
                           .start();
    }

    private static boolean running(CairnTenants node, String tenantId) {
        return node.status().stream().filter(s -> s.tenant().id().equals(tenantId)).anyMatch(TenantStatus::running);
    }
}
