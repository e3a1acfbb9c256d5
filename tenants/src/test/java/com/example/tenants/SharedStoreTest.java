package com.example.tenants;

import com.example.bank.Account;
import com.example.bank.Bank;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import dev.cairn.aggregates.Cairn;
import dev.cairn.aggregates.CairnApplication;
import dev.cairn.mongo.embedded.junit.EmbeddedMongoExtension;
import dev.cairn.projections.CairnProjections;
import dev.cairn.tenants.CairnTenants;
import dev.cairn.tenants.Tenant;
import dev.cairn.tenants.TenantDirectory;
import dev.cairn.tenants.TenantMismatchException;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.messaging.MetaData;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * ADR 85 decision 4: small tenants placed in the shared store (the directory database's store), beside nothing else on
 * the registry's server. The shared application's template has an aggregate and a projection.
 */
@ExtendWith(EmbeddedMongoExtension.class)
class SharedStoreTest {

    private MongoClient client;
    private MongoDatabase directory;
    private CairnProjections projections;
    private CairnTenants tenants;

    @BeforeEach
    void start(MongoClient client, MongoDatabase directory) {
        this.client = client;
        this.directory = directory;
        tenants = CairnTenants.builder()
                              .registry(client, directory.getName())
                              .template(tenantId -> {
                                  projections = CairnProjections.builder()
                                                                .projection(new SharedTenantBalances(),
                                                                            o -> o.owns("shared_balances"))
                                                                .build();
                                  return Cairn.builder().aggregate(Account.class).extension(projections.extension());
                              })
                              .pollInterval(Duration.ofSeconds(30))
                              .start();
    }

    @AfterEach
    void stop() {
        tenants.close();
    }

    @Test
    void aSharedTenantAddedAtRuntimeIsServedByTheSharedStoreWithoutANewCollectionIndexOrDatabase()
            throws IOException, InterruptedException {
        // Given a first shared tenant with an account, so the shared store runs
        tenants.add(Tenant.shared("corner"));
        tenants.commandGateway().sendAndWait(new Bank.OpenAccount("corner-1"), MetaData.with(Cairn.TENANT_KEY, "corner"));
        awaitProjected();
        TreeMap<String, Long> before = collectionsAndIndexes();
        List<String> databasesBefore = client.listDatabaseNames().into(new ArrayList<>());

        // When an operator lists a second shared tenant in the registry (as `cairn tenants add kiosk --shared` does),
        // the node reads the registry, and the tenant's commands arrive
        TenantDirectory.on(directory).add(Tenant.shared("kiosk"));
        tenants.refresh();
        tenants.commandGateway().sendAndWait(new Bank.OpenAccount("kiosk-1"), MetaData.with(Cairn.TENANT_KEY, "kiosk"));
        tenants.commandGateway().sendAndWait(new Bank.Deposit("kiosk-1", 4), MetaData.with(Cairn.TENANT_KEY, "kiosk"));

        // Then both tenants are served by the one shared application on the directory database, whose events carry
        // their tenant
        CairnApplication shared = tenants.application("kiosk");
        assertThat(tenants.application("corner")).isSameAs(shared);
        assertThat(directory.getCollection("events").countDocuments()).isEqualTo(3);
        List<? extends DomainEventMessage<?>> kiosk = shared.eventStore().readEvents("kiosk-1", 0).asStream().toList();
        assertThat(kiosk).hasSize(2)
                         .allSatisfy(e -> assertThat(e.getMetaData()).containsEntry(Cairn.TENANT_KEY, "kiosk"));
        assertThat(shared.eventStore().readEvents("corner-1", 0).asStream().toList())
                .singleElement().satisfies(e -> assertThat(e.getMetaData()).containsEntry(Cairn.TENANT_KEY, "corner"));
        // and the second tenant cost no database, collection or index, as the README states
        awaitProjected();
        TreeMap<String, Long> after = collectionsAndIndexes();
        int collections = after.size() - before.size();
        long indexes = sum(after) - sum(before);
        int databases = client.listDatabaseNames().into(new ArrayList<>()).size() - databasesBefore.size();
        assertThat(after).isEqualTo(before);
        assertThat(readmeTenantsSection()).contains("a shared tenant adds " + collections + " collections, " + indexes
                                                            + " indexes and " + databases + " databases");
    }

    @Test
    void aCommandOfOneSharedTenantForAnotherTenantsAggregateIsRefusedNamingBothAndStoresNothing() {
        // Given two shared tenants, and an account of north's
        tenants.add(Tenant.shared("north"));
        tenants.add(Tenant.shared("south"));
        tenants.commandGateway().sendAndWait(new Bank.OpenAccount("account-1"), MetaData.with(Cairn.TENANT_KEY, "north"));
        long stored = directory.getCollection("events").countDocuments();

        // When south sends a command to the same aggregate identifier
        // Then it is refused, naming both tenants and the aggregate, and nothing is stored
        assertThatThrownBy(() -> tenants.commandGateway().sendAndWait(new Bank.Deposit("account-1", 9),
                                                                      MetaData.with(Cairn.TENANT_KEY, "south")))
                .isInstanceOf(TenantMismatchException.class)
                .hasMessageContaining("[south]").hasMessageContaining("[north]")
                .hasMessageContaining("[account-1]").hasMessageContaining(Account.class.getSimpleName());
        assertThat(directory.getCollection("events").countDocuments()).isEqualTo(stored);
        // and north's own command on it goes on
        long balance = tenants.commandGateway().sendAndWait(new Bank.Deposit("account-1", 5),
                                                            MetaData.with(Cairn.TENANT_KEY, "north"));
        assertThat(balance).isEqualTo(5);
    }

    @Test
    void theSharedStoresProjectionTakesEachEventsTenantFromItsMetadata() throws InterruptedException {
        // Given two shared tenants with an account and a deposit each
        tenants.add(Tenant.shared("east"));
        tenants.add(Tenant.shared("west"));
        for (String tenant : List.of("east", "west")) {
            MetaData meta = MetaData.with(Cairn.TENANT_KEY, tenant);
            tenants.commandGateway().sendAndWait(new Bank.OpenAccount(tenant + "-1"), meta);
            tenants.commandGateway().sendAndWait(new Bank.Deposit(tenant + "-1", tenant.length() * 10L), meta);
        }

        // When the one projection over the shared store catches up
        long head = tenants.application("east").lastAppendedPosition().orElseThrow();
        assertThat(projections.awaitCaughtUp("shared-balances", head, Duration.ofSeconds(10))).isTrue();

        // Then each row names its tenant, so a tenant's query filters on it
        List<Document> east = directory.getCollection("shared_balances").find(Filters.eq("tenantId", "east"))
                                       .into(new ArrayList<>());
        assertThat(east).singleElement().satisfies(row -> {
            assertThat(row.get("_id")).isEqualTo("east-1");
            assertThat(row.get("balance", Number.class).longValue()).isEqualTo(40);
        });
        assertThat(directory.getCollection("shared_balances").find(Filters.eq("tenantId", "west"))
                            .into(new ArrayList<>())).extracting(row -> row.get("_id")).containsExactly("west-1");
    }

    private void awaitProjected() throws InterruptedException {
        long head = tenants.application("corner").lastAppendedPosition().orElseThrow();
        assertThat(projections.awaitCaughtUp("shared-balances", head, Duration.ofSeconds(10))).isTrue();
    }

    private static long sum(TreeMap<String, Long> indexes) {
        return indexes.values().stream().mapToLong(Long::longValue).sum();
    }

    /** @return every collection of the server's databases, with its number of indexes */
    private TreeMap<String, Long> collectionsAndIndexes() {
        TreeMap<String, Long> found = new TreeMap<>();
        for (String database : client.listDatabaseNames()) {
            for (String collection : client.getDatabase(database).listCollectionNames()) {
                found.put(database + "." + collection, (long) client.getDatabase(database).getCollection(collection)
                                                                    .listIndexes().into(new ArrayList<>()).size());
            }
        }
        return found;
    }

    private static String readmeTenantsSection() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"));
        int from = readme.indexOf("\n## Tenants: a store per tenant\n");
        assertThat(from).as("README section 'Tenants: a store per tenant'").isNotNegative();
        int to = readme.indexOf("\n## ", from + 1);
        return readme.substring(from, to < 0 ? readme.length() : to);
    }
}
