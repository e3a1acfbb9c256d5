package com.example.tenants;

import com.example.bank.Account;
import com.example.bank.Bank;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import dev.cairn.aggregates.Cairn;
import dev.cairn.aggregates.CairnApplication;
import dev.cairn.mongo.embedded.junit.EmbeddedMongoExtension;
import dev.cairn.tenants.CairnTenants;
import dev.cairn.tenants.Tenant;
import dev.cairn.tenants.TenantMismatchException;
import dev.cairn.tenants.TenantTemplate;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.messaging.MetaData;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * ADR 85 decision 4 however an aggregate of the shared store is loaded: from a snapshot with no event after it, or from
 * the aggregate cache, a command of one tenant never acts on another tenant's aggregate. Snapshots carry their tenant;
 * a snapshot an earlier release wrote (without one) is ignored beside them, and that release reads the new ones.
 */
@ExtendWith(EmbeddedMongoExtension.class)
class SharedStoreGuardsTest {

    private static final MetaData NORTH = MetaData.with(Cairn.TENANT_KEY, "north");
    private static final MetaData SOUTH = MetaData.with(Cairn.TENANT_KEY, "south");

    private MongoClient client;
    private MongoDatabase directory;
    private CairnTenants tenants;

    @BeforeEach
    void keep(MongoClient client, MongoDatabase directory) {
        this.client = client;
        this.directory = directory;
    }

    @AfterEach
    void stop() {
        if (tenants != null) {
            tenants.close();
        }
    }

    @Test
    void aCommandOfAnotherTenantIsRefusedWhenTheAggregateLoadsFromItsSnapshotAlone() {
        // Given north's account with two events, snapshotted at its last event
        start(tenantId -> Cairn.builder().aggregate(Account.class));
        tenants.commandGateway().sendAndWait(new Bank.OpenAccount("account-1"), NORTH);
        tenants.commandGateway().sendAndWait(new Bank.Deposit("account-1", 5), NORTH);
        snapshot("account-1");
        Document snapshot = directory.getCollection("snapshots").find(Filters.eq("_id", "account-1")).first();
        assertThat(snapshot).isNotNull();
        assertThat(snapshot.get("sequenceNumber", Number.class).longValue()).isEqualTo(1);
        long stored = directory.getCollection("events").countDocuments();

        // When south sends a command to that aggregate, which loads from the snapshot with no event after it
        // Then it is refused naming both tenants, and nothing is stored
        assertThatThrownBy(() -> tenants.commandGateway().sendAndWait(new Bank.Deposit("account-1", 9), SOUTH))
                .isInstanceOf(TenantMismatchException.class)
                .hasMessageContaining("[south]").hasMessageContaining("[north]").hasMessageContaining("[account-1]");
        assertThat(directory.getCollection("events").countDocuments()).isEqualTo(stored);
        // and the snapshot carries north, whose own command starts from it and goes on
        assertThat(snapshot.get("metaData", Document.class)).containsEntry(Cairn.TENANT_KEY, "north");
        long balance = tenants.commandGateway().sendAndWait(new Bank.Deposit("account-1", 3), NORTH);
        assertThat(balance).isEqualTo(8);
    }

    @Test
    void aCommandOfAnotherTenantIsRefusedWhenTheAggregateIsCached() {
        // Given the aggregate cache on, and north's account loaded and cached by north's commands
        start(tenantId -> Cairn.builder().aggregate(Account.class).aggregateCache(true));
        tenants.commandGateway().sendAndWait(new Bank.OpenAccount("account-1"), NORTH);
        tenants.commandGateway().sendAndWait(new Bank.Deposit("account-1", 5), NORTH);
        long stored = directory.getCollection("events").countDocuments();

        // When south sends a command to that aggregate
        // Then it is refused naming both tenants, and nothing is stored
        assertThatThrownBy(() -> tenants.commandGateway().sendAndWait(new Bank.Deposit("account-1", 9), SOUTH))
                .isInstanceOf(TenantMismatchException.class)
                .hasMessageContaining("[south]").hasMessageContaining("[north]").hasMessageContaining("[account-1]");
        assertThat(directory.getCollection("events").countDocuments()).isEqualTo(stored);
        // and north's own commands go on with the right state
        assertThat((long) tenants.commandGateway().sendAndWait(new Bank.Deposit("account-1", 3), NORTH)).isEqualTo(8);
        assertThat((long) tenants.commandGateway().sendAndWait(new Bank.Deposit("account-1", 1), NORTH)).isEqualTo(9);
    }

    @Test
    void aSnapshotOfAnEarlierReleaseIsIgnoredAndThatReleaseReadsTheSnapshotsWithTheirTenant() {
        // Given north's account in the shared store, and a node of the earlier release on the same store: an
        // application on the directory database whose engine has no snapshot scope, writing snapshots as it did
        start(tenantId -> Cairn.builder().aggregate(Account.class));
        tenants.commandGateway().sendAndWait(new Bank.OpenAccount("account-1"), NORTH);
        tenants.commandGateway().sendAndWait(new Bank.Deposit("account-1", 5), NORTH);
        try (CairnApplication earlier = Cairn.builder().aggregate(Account.class)
                                             .database(client.getDatabase(directory.getName())).start()) {
            earlier.configuration().snapshotter().scheduleSnapshot(Account.class, "account-1");
            Document old = directory.getCollection("snapshots").find(Filters.eq("_id", "account-1")).first();
            assertThat(old).isNotNull();
            assertThat(old.get("metaData")).isNull();

            // When south's command loads the aggregate beside that snapshot without a tenant
            // Then the snapshot is ignored, the aggregate sourced from its events, and the command refused
            assertThatThrownBy(() -> tenants.commandGateway().sendAndWait(new Bank.Deposit("account-1", 9), SOUTH))
                    .isInstanceOf(TenantMismatchException.class)
                    .hasMessageContaining("[south]").hasMessageContaining("[north]");
            // and north's command gets the state its events give
            assertThat((long) tenants.commandGateway().sendAndWait(new Bank.Deposit("account-1", 3), NORTH))
                    .isEqualTo(8);

            // When this release snapshots the aggregate after that event
            snapshot("account-1");

            // Then the snapshot carries north, and the earlier release's engine reads it as before
            Document stamped = directory.getCollection("snapshots").find(Filters.eq("_id", "account-1")).first();
            assertThat(stamped.get("sequenceNumber", Number.class).longValue()).isEqualTo(2);
            assertThat(stamped.get("metaData", Document.class)).containsEntry(Cairn.TENANT_KEY, "north");
            DomainEventMessage<?> read = earlier.eventStore().readEvents("account-1").next();
            assertThat(read.getSequenceNumber()).isEqualTo(2);
            assertThat(read.getPayload()).isInstanceOf(Account.class);
        }
    }

    @Test
    void aCommandNamingNoTenantIsRefusedOnATenantsAggregateOfTheSharedStore() {
        // Given north's account in the shared store, and the shared application reached directly (not through the
        // tenants' gateway, which refuses a command without a tenant)
        start(tenantId -> Cairn.builder().aggregate(Account.class));
        tenants.commandGateway().sendAndWait(new Bank.OpenAccount("account-1"), NORTH);
        tenants.commandGateway().sendAndWait(new Bank.Deposit("account-1", 5), NORTH);
        CairnApplication shared = tenants.application("north");
        long stored = directory.getCollection("events").countDocuments();

        // When a command naming no tenant is sent to that aggregate
        // Then it is refused naming north and the aggregate, and nothing is stored
        assertThatThrownBy(() -> shared.commandGateway().sendAndWait(new Bank.Deposit("account-1", 9)))
                .isInstanceOfSatisfying(TenantMismatchException.class,
                                        refused -> assertThat(refused.commandTenant()).isNull())
                .hasMessageContaining("without a tenant").hasMessageContaining("[north]")
                .hasMessageContaining("[account-1]");
        assertThat(directory.getCollection("events").countDocuments()).isEqualTo(stored);

        // When the aggregate is snapshotted at its last event, so that a load could start from the snapshot alone
        snapshot("account-1");
        assertThat(directory.getCollection("snapshots").countDocuments(Filters.eq("_id", "account-1"))).isOne();

        // Then a command naming no tenant is still refused, and north's own command goes on
        assertThatThrownBy(() -> shared.commandGateway().sendAndWait(new Bank.Deposit("account-1", 9)))
                .isInstanceOf(TenantMismatchException.class).hasMessageContaining("[north]");
        assertThat(directory.getCollection("events").countDocuments()).isEqualTo(stored);
        assertThat((long) tenants.commandGateway().sendAndWait(new Bank.Deposit("account-1", 3), NORTH)).isEqualTo(8);
    }

    @Test
    void aCommandNamingNoTenantIsRefusedWhenATenantsAggregateIsCached() {
        // Given the aggregate cache on, and north's account loaded and cached by north's commands
        start(tenantId -> Cairn.builder().aggregate(Account.class).aggregateCache(true));
        tenants.commandGateway().sendAndWait(new Bank.OpenAccount("account-1"), NORTH);
        tenants.commandGateway().sendAndWait(new Bank.Deposit("account-1", 5), NORTH);
        CairnApplication shared = tenants.application("north");
        long stored = directory.getCollection("events").countDocuments();

        // When a command naming no tenant reaches the shared application for that aggregate
        // Then it is refused naming north, and nothing is stored; north's own commands go on
        assertThatThrownBy(() -> shared.commandGateway().sendAndWait(new Bank.Deposit("account-1", 9)))
                .isInstanceOf(TenantMismatchException.class).hasMessageContaining("[north]");
        assertThat(directory.getCollection("events").countDocuments()).isEqualTo(stored);
        assertThat((long) tenants.commandGateway().sendAndWait(new Bank.Deposit("account-1", 3), NORTH)).isEqualTo(8);
    }

    private void start(TenantTemplate template) {
        tenants = CairnTenants.builder()
                              .registry(client, directory.getName())
                              .template(template)
                              .pollInterval(Duration.ofSeconds(30))
                              .start();
        tenants.add(Tenant.shared("north"));
        tenants.add(Tenant.shared("south"));
    }

    /** Takes a snapshot now with the shared application's snapshotter (Axon's, on the calling thread). */
    private void snapshot(String accountId) {
        tenants.application("north").configuration().snapshotter().scheduleSnapshot(Account.class, accountId);
    }
}
