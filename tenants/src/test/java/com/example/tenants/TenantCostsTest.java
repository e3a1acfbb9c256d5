package com.example.tenants;

import com.example.bank.Account;
import com.example.bank.Bank;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import dev.cairn.aggregates.Cairn;
import dev.cairn.mongo.embedded.EmbeddedMongo;
import dev.cairn.mongo.embedded.junit.EmbeddedMongoExtension;
import dev.cairn.mongo.embedded.junit.MongoTarget;
import dev.cairn.projections.CairnProjections;
import dev.cairn.tenants.CairnTenants;
import dev.cairn.tenants.Tenant;
import org.axonframework.messaging.MetaData;
import com.mongodb.event.ConnectionClosedEvent;
import com.mongodb.event.ConnectionCreatedEvent;
import com.mongodb.event.ConnectionPoolListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The README's costs of an own-database tenant hold (section "Tenants: a store per tenant"): the collections and
 * indexes its database gets (read models aside), and the pooled connections one node opens to a tenant on a server of
 * its own, counted by the driver's pool events. Scaled down: 8 writers of 25 commands each.
 */
@ExtendWith(EmbeddedMongoExtension.class)
class TenantCostsTest {

    private static final int WRITERS = 8;
    /** The README's bounds: pooled connections of an idle tenant, and with {@link #WRITERS} command threads. */
    private static final int IDLE = 2;
    private static final int BUSY = 12;

    @Test
    void anOwnDatabaseTenantCostsTheCollectionsIndexesAndConnectionsTheReadmeStates(MongoTarget target,
                                                                                  MongoClient client,
                                                                                  MongoDatabase directory)
            throws Exception {
        // Given a tenant on a server of its own (embedded), whose template has an aggregate with snapshots and a
        // projection
        EmbeddedMongo own = target.embedded() ? EmbeddedMongo.start() : null;
        String uri = own != null ? own.connectionString() : target.connectionString();
        String database = "cairn_tenant_costs";
        PoolCount pool = new PoolCount();
        try (MongoClient probe = MongoClients.create(uri)) {
            probe.getDatabase(database).drop();
            try (CairnTenants tenants = CairnTenants.builder().registry(client, directory.getName())
                                                    .tenantClientSettings(s -> s.applyToConnectionPoolSettings(
                                                            p -> p.addConnectionPoolListener(pool)))
                                                    .template(id -> Cairn.builder().aggregate(Account.class)
                                                                         .snapshotEvery(Account.class, 10)
                                                                         .extension(CairnProjections.builder()
                                                                                 .projection(new TenantBalances())
                                                                                 .build().extension()))
                                                    .start()) {
                tenants.add(Tenant.ownDatabase("costly", database, uri));
                Thread.sleep(300); // the processors' first rounds
                long idle = pool.open.get();

                // When 8 threads send commands at once
                ExecutorService threads = Executors.newFixedThreadPool(WRITERS);
                try {
                    List<Future<?>> writers = new ArrayList<>();
                    for (int w = 0; w < WRITERS; w++) {
                        String account = "account-" + w;
                        writers.add(threads.submit(() -> {
                            MetaData meta = MetaData.with(Cairn.TENANT_KEY, "costly");
                            tenants.commandGateway().sendAndWait(new Bank.OpenAccount(account), meta);
                            for (int i = 0; i < 24; i++) {
                                tenants.commandGateway().sendAndWait(new Bank.Deposit(account, 1), meta);
                            }
                            return null;
                        }));
                    }
                    for (Future<?> writer : writers) {
                        writer.get();
                    }
                } finally {
                    threads.shutdownNow();
                }
                long busy = pool.most.get();
                await().atMost(Duration.ofSeconds(10)).until(() -> tenants.status().get(0).processors().stream()
                                                                          .allMatch(p -> p.caughtUp()));

                // Then its database holds the collections and indexes the README states, and the node's
                // connections to its server stay within the README's figures
                MongoDatabase store = probe.getDatabase(database);
                List<String> collections = store.listCollectionNames().into(new ArrayList<>());
                collections.remove("tenant_balances"); // the projection's read model
                long indexes = 0;
                for (String collection : collections) {
                    indexes += store.getCollection(collection).listIndexes().into(new ArrayList<>()).stream()
                                    .filter(index -> !"_id_".equals(index.getString("name"))).count();
                }
                String readme = readmeTenantsSection();
                System.out.printf("tenant costs: %d collections %s, %d indexes, connections idle %d busy %d%n",
                                  collections.size(), collections, indexes, idle, busy);
                assertThat(readme).contains(collections.size() + " collections and " + indexes + " indexes");
                if (own != null) {
                    assertThat(readme).contains("at most " + IDLE + " pooled connections when idle")
                                      .contains("at most " + BUSY + " with " + WRITERS + " command threads");
                    assertThat(idle).isPositive().isLessThanOrEqualTo(IDLE);
                    assertThat(busy).isLessThanOrEqualTo(BUSY);
                }
            }
        } finally {
            if (own != null) {
                own.close();
            }
        }
    }

    /** Counts the pooled connections of the tenants' clients: open now, and the most open at once. */
    private static final class PoolCount implements ConnectionPoolListener {
        private final AtomicLong open = new AtomicLong();
        private final AtomicLong most = new AtomicLong();

        @Override
        public void connectionCreated(ConnectionCreatedEvent event) {
            most.accumulateAndGet(open.incrementAndGet(), Math::max);
        }

        @Override
        public void connectionClosed(ConnectionClosedEvent event) {
            open.decrementAndGet();
        }
    }

    private static String readmeTenantsSection() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"));
        int from = readme.indexOf("\n## Tenants: a store per tenant\n");
        assertThat(from).as("README section 'Tenants: a store per tenant'").isNotNegative();
        int to = readme.indexOf("\n## ", from + 1);
        return readme.substring(from, to < 0 ? readme.length() : to);
    }
}
