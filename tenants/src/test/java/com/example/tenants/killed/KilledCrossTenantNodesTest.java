package com.example.tenants.killed;

import com.example.bank.Account;
import com.example.bank.Bank;
import com.example.tenants.AllTenantBalances;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import dev.cairn.aggregates.Cairn;
import dev.cairn.mongo.embedded.EmbeddedMongo;
import dev.cairn.mongo.embedded.junit.EmbeddedMongoExtension;
import dev.cairn.mongo.embedded.junit.MongoTarget;
import dev.cairn.tenants.CairnTenants;
import dev.cairn.tenants.Tenant;
import org.axonframework.messaging.MetaData;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * ADR 85: a cross-tenant projection stays exact while its nodes, each in a JVM of its own, are killed with SIGKILL
 * mid-work: every deposit of every tenant is counted once. Scaled to three tenants (on three extra embedded servers,
 * or in databases of {@code CAIRN_MONGO_URI}'s server), two nodes, three kills 1.5 s apart, about 150 deposits; the
 * processor's two segments are taken over by a surviving node after the claim timeout
 * ({@link CrossTenantNode#CLAIM_TIMEOUT}, 2 s).
 */
@ExtendWith(EmbeddedMongoExtension.class)
class KilledCrossTenantNodesTest {

    private static final List<String> TENANTS = List.of("north", "east", "west");
    private static final int KILLS = 3;
    private static final Duration BETWEEN_KILLS = Duration.ofMillis(1_500);

    @Test
    void everyDepositOfEveryTenantIsCountedOnceAfterNodesWereKilledMidWork(MongoTarget target) throws Exception {
        // Given three tenants, each on a server of its own, and two nodes running the cross-tenant projection
        String directoryName = "killed_cross_" + UUID.randomUUID().toString().substring(0, 8);
        MongoDatabase directory = target.client().getDatabase(directoryName);
        List<EmbeddedMongo> servers = new ArrayList<>();
        List<Node> nodes = new ArrayList<>();
        int started = 0;
        try (CairnTenants sender = CairnTenants.builder().registry(target.client(), directoryName)
                                               .template(tenantId -> Cairn.builder().aggregate(Account.class))
                                               .start()) {
            for (String tenant : TENANTS) {
                String uri = target.connectionString();
                if (target.embedded()) {
                    EmbeddedMongo server = EmbeddedMongo.start();
                    servers.add(server);
                    uri = server.connectionString();
                }
                sender.add(Tenant.ownDatabase(tenant, directoryName + "_" + tenant, uri));
            }
            nodes.add(Node.start(target.connectionString(), directoryName, "node-" + ++started));
            nodes.add(Node.start(target.connectionString(), directoryName, "node-" + ++started));
            nodes.forEach(Node::awaitStarted);

            // When deposits arrive in every tenant while a node is killed every 1.5 s and replaced
            Map<String, Long> balances = new HashMap<>();
            Map<String, Integer> deposits = new HashMap<>();
            int sent = 0;
            for (int kill = 0; kill < KILLS; kill++) {
                long until = System.nanoTime() + BETWEEN_KILLS.toNanos();
                while (System.nanoTime() < until) {
                    String tenant = TENANTS.get(sent % TENANTS.size());
                    String account = "account-" + (sent / TENANTS.size()) % 4;
                    MetaData meta = MetaData.with(Cairn.TENANT_KEY, tenant);
                    String key = tenant + "/" + account;
                    if (!deposits.containsKey(key)) {
                        sender.commandGateway().sendAndWait(new Bank.OpenAccount(account), meta);
                        deposits.put(key, 0);
                        balances.put(key, 0L);
                    }
                    long amount = 1 + sent % 7;
                    sender.commandGateway().sendAndWait(new Bank.Deposit(account, amount), meta);
                    deposits.merge(key, 1, Integer::sum);
                    balances.merge(key, amount, Long::sum);
                    sent++;
                    Thread.sleep(20);
                }
                nodes.remove(kill % nodes.size()).kill();
                nodes.add(Node.start(target.connectionString(), directoryName, "node-" + ++started));
            }
            nodes.forEach(Node::awaitStarted);

            // Then every tenant's accounts are projected with each deposit counted once
            Map<String, Document> projected = awaitProjected(directory, balances, Duration.ofSeconds(20));
            assertThat(projected.keySet()).containsExactlyInAnyOrderElementsOf(balances.keySet());
            balances.forEach((key, balance) -> assertThat(projected.get(key))
                    .as(key).containsEntry("balance", balance).containsEntry("deposits", deposits.get(key))
                    .containsEntry("opened", 1));
            System.out.printf("killed cross-tenant nodes: %d deposits in %d tenants, %d kills%n", sent,
                              TENANTS.size(), KILLS);
        } finally {
            nodes.forEach(Node::kill);
            servers.forEach(EmbeddedMongo::close);
            TENANTS.forEach(tenant -> target.client().getDatabase(directoryName + "_" + tenant).drop());
            directory.drop();
        }
    }

    private static Map<String, Document> awaitProjected(MongoDatabase directory, Map<String, Long> balances,
                                                        Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        Map<String, Document> projected = new HashMap<>();
        while (System.nanoTime() < deadline) {
            projected.clear();
            directory.getCollection(AllTenantBalances.COLLECTION).find()
                     .forEach(doc -> projected.put(doc.getString("_id"), doc));
            boolean settled = balances.entrySet().stream().allMatch(entry -> projected.containsKey(entry.getKey())
                    && entry.getValue().equals(projected.get(entry.getKey()).get("balance", 0L)));
            if (settled) {
                Thread.sleep(500); // a duplicate would land after the balances first match
                projected.clear();
                directory.getCollection(AllTenantBalances.COLLECTION).find()
                         .forEach(doc -> projected.put(doc.getString("_id"), doc));
                return projected;
            }
            Thread.sleep(100);
        }
        return projected;
    }

    /** A projection node in its own JVM, its output in a file. */
    private static final class Node {
        private final Process process;
        private final Path log;

        private Node(Process process, Path log) {
            this.process = process;
            this.log = log;
        }

        static Node start(String uri, String database, String nodeId) {
            try {
                Path log = Files.createTempFile("cairn-" + nodeId + "-", ".log");
                String classPath = System.getProperty("surefire.test.class.path",
                                                      System.getProperty("java.class.path"));
                ProcessBuilder builder = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                        "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", classPath,
                        CrossTenantNode.class.getName(), uri, database, nodeId);
                builder.redirectErrorStream(true).redirectOutput(log.toFile());
                return new Node(builder.start(), log);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        void awaitStarted() {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            try {
                while (System.nanoTime() < deadline) {
                    if (Files.readAllLines(log).contains("started")) {
                        return;
                    }
                    if (!process.isAlive()) {
                        throw new AssertionError("node exited: " + Files.readString(log));
                    }
                    Thread.sleep(100);
                }
                throw new AssertionError("node did not start: " + Files.readString(log));
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }

        /** SIGKILL: no shutdown hook runs, claims stay as the node left them. */
        void kill() {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
