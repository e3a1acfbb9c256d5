package com.example.sagas.killed;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import dev.cairn.aggregates.CairnApplication;
import dev.cairn.mongo.embedded.junit.EmbeddedMongoExtension;
import dev.cairn.mongo.embedded.junit.MongoTarget;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
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
 * Saga nodes, each in a JVM of its own, are killed with SIGKILL while purchases arrive from this JVM; every purchase
 * must end charged once and reminded once, with no saga live and no deadline left, within the lease plus 10 seconds
 * after the last kill (ADR 74).
 */
@ExtendWith(EmbeddedMongoExtension.class)
class KilledNodesTest {

    private static final int KILLS = 5;
    private static final Duration BETWEEN_KILLS = Duration.ofMillis(2_500);
    private static final Duration SETTLED_WITHIN = PurchaseNode.LEASE.plusSeconds(10);

    @Test
    void everyPurchaseIsChargedOnceAndRemindedOnceAfterNodesWereKilledMidWork(MongoTarget target) throws Exception {
        // Given two saga nodes
        String name = "killed_" + UUID.randomUUID().toString().substring(0, 8);
        MongoDatabase database = target.client().getDatabase(name);
        List<Node> nodes = new ArrayList<>();
        int started = 0;
        try (CairnApplication placing = PurchaseNode.start(target.connectionString(), name, "placing", false)) {
            nodes.add(Node.start(target.connectionString(), name, "node-" + ++started));
            nodes.add(Node.start(target.connectionString(), name, "node-" + ++started));
            nodes.forEach(Node::awaitStarted);

            // When purchases arrive while a node is killed every 2.5 s and replaced
            List<String> purchases = new ArrayList<>();
            long lastKill = 0;
            for (int kill = 0; kill < KILLS; kill++) {
                long until = System.nanoTime() + BETWEEN_KILLS.toNanos();
                while (System.nanoTime() < until) {
                    String purchaseId = "p-" + purchases.size();
                    placing.commandGateway().sendAndWait(new Purchases.Place(purchaseId));
                    purchases.add(purchaseId);
                    Thread.sleep(40);
                }
                Node victim = nodes.remove(kill % nodes.size());
                victim.kill();
                lastKill = System.nanoTime();
                Node replacement = Node.start(target.connectionString(), name, "node-" + ++started);
                nodes.add(replacement);
            }
            nodes.forEach(Node::awaitStarted);

            // Then
            Duration settled = awaitSettled(database, purchases, lastKill);
            Counts counts = Counts.of(database);
            assertThat(counts.charged).as("charges per purchase").hasSize(purchases.size())
                                      .allSatisfy((purchase, n) -> assertThat(n).as(purchase).isEqualTo(1));
            assertThat(counts.reminded).as("reminders per purchase").hasSize(purchases.size())
                                       .allSatisfy((purchase, n) -> assertThat(n).as(purchase).isEqualTo(1));
            assertThat(database.getCollection("sagas").countDocuments()).as("live sagas").isZero();
            assertThat(database.getCollection("deadlines").countDocuments()).as("deadlines left").isZero();
            System.out.printf("killed-node scenario: %d purchases, %d kills, settled %d ms after the last kill%n",
                              purchases.size(), KILLS, settled.toMillis());
            assertThat(settled).isLessThanOrEqualTo(SETTLED_WITHIN);
        } finally {
            nodes.forEach(Node::kill);
            database.drop();
        }
    }

    private static Duration awaitSettled(MongoDatabase database, List<String> purchases, long lastKill)
            throws InterruptedException {
        long deadline = lastKill + SETTLED_WITHIN.plusSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            Counts counts = Counts.of(database);
            if (counts.reminded.size() == purchases.size() && counts.charged.size() == purchases.size()
                    && database.getCollection("sagas").countDocuments() == 0
                    && database.getCollection("deadlines").countDocuments() == 0) {
                return Duration.ofNanos(System.nanoTime() - lastKill);
            }
            Thread.sleep(100);
        }
        return Duration.ofNanos(System.nanoTime() - lastKill);
    }

    /** Charged and Reminded events per purchase, read from the commit documents. */
    private record Counts(Map<String, Integer> charged, Map<String, Integer> reminded) {

        static Counts of(MongoDatabase database) {
            Map<String, Integer> charged = new HashMap<>();
            Map<String, Integer> reminded = new HashMap<>();
            for (Document commit : database.getCollection("events").find(Filters.exists("events"))) {
                for (Document event : commit.getList("events", Document.class)) {
                    String type = event.getString("payloadType");
                    String purchase = event.getString("aggregateIdentifier");
                    if (type.equals(Purchases.Charged.class.getName())) {
                        charged.merge(purchase, 1, Integer::sum);
                    } else if (type.equals(Purchases.Reminded.class.getName())) {
                        reminded.merge(purchase, 1, Integer::sum);
                    }
                }
            }
            return new Counts(charged, reminded);
        }
    }

    /** A saga node in its own JVM, its output in a file. */
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
                        PurchaseNode.class.getName(), uri, database, nodeId);
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
                    try (BufferedReader reader = new BufferedReader(new InputStreamReader(
                            Files.newInputStream(log), StandardCharsets.UTF_8))) {
                        if (reader.lines().anyMatch("started"::equals)) {
                            return;
                        }
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

        /** SIGKILL: no shutdown hook runs, claims and leases stay as the node left them. */
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
