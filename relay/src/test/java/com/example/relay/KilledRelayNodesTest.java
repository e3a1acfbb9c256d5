package com.example.relay;

import com.example.bank.Account;
import com.example.bank.Bank;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoDatabase;
import dev.cairn.aggregates.Cairn;
import dev.cairn.aggregates.CairnApplication;
import dev.cairn.eventstore.mongo.support.CairnCollections;
import dev.cairn.mongo.embedded.junit.EmbeddedMongoExtension;
import dev.cairn.mongo.embedded.junit.MongoTarget;
import dev.cairn.relay.KafkaRelay;
import dev.cairn.relay.RelayMonitor;
import dev.cairn.relay.RelayStatus;
import dev.cairn.relay.TestKafka;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Relay nodes, each in a JVM of its own, are killed with SIGKILL five times while deposits are made from this JVM; a
 * {@code read_committed} consumer then reads every deposit exactly once, in order per account, and the relay's status
 * shows no lag. Scaled to the suite's budget: 4 accounts, a deposit every 20 ms, a kill every second, two nodes at a
 * time, claims expiring after 1.5 seconds.
 */
@ExtendWith(EmbeddedMongoExtension.class)
class KilledRelayNodesTest {

    private static final int KILLS = 5;
    private static final int ACCOUNTS = 4;
    private static final Duration BETWEEN_KILLS = Duration.ofSeconds(1);

    @Test
    void aReadCommittedConsumerGetsEveryDepositOnceInOrderAfterRelayNodesWereKilled(MongoTarget target)
            throws Exception {
        // Given 4 accounts and two relay nodes
        String name = "killed_" + UUID.randomUUID().toString().substring(0, 8);
        String topic = "deposits-" + name;
        String servers = TestKafka.bootstrapServers();
        MongoDatabase database = target.client().getDatabase(name);
        List<NodeProcess> nodes = new ArrayList<>();
        int started = 0;
        Map<String, Long> made = new HashMap<>();
        try (CairnApplication app = Cairn.builder().mongo(target.connectionString(), name).aggregate(Account.class)
                                         .start()) {
            for (int a = 0; a < ACCOUNTS; a++) {
                app.commandGateway().sendAndWait(new Bank.OpenAccount("account-" + a));
            }
            nodes.add(node(target.connectionString(), name, servers, topic, "node-" + ++started));
            nodes.add(node(target.connectionString(), name, servers, topic, "node-" + ++started));
            nodes.forEach(NodeProcess::awaitStarted);

            // When deposits are made while a node is killed every second and replaced
            int deposit = 0;
            for (int kill = 0; kill < KILLS; kill++) {
                long until = System.nanoTime() + BETWEEN_KILLS.toNanos();
                while (System.nanoTime() < until) {
                    String account = "account-" + deposit % ACCOUNTS;
                    long amount = made.merge(account, 1L, Long::sum);
                    app.commandGateway().sendAndWait(new Bank.Deposit(account, amount));
                    deposit++;
                    Thread.sleep(20);
                }
                NodeProcess victim = nodes.remove(kill % nodes.size());
                victim.awaitStarted(); // killed while it runs, not while it starts
                victim.kill();
                nodes.add(node(target.connectionString(), name, servers, topic, "node-" + ++started));
            }
            nodes.forEach(NodeProcess::awaitStarted);
            long head = app.lastAppendedPosition().getAsLong();

            // Then the relay catches up with no lag
            RelayMonitor monitor = RelayMonitor.on(database, CairnCollections.defaults());
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            RelayStatus status = monitor.status(name);
            while ((status.position() < head || status.lagEvents() > 0) && System.nanoTime() < deadline) {
                Thread.sleep(100);
                status = monitor.status(name);
            }
            RelayStatus last = status;
            assertThat(status.lagEvents()).as(() -> "lag; " + diagnosis(last, nodes, database)).isZero();

            // and a read_committed consumer reads each deposit once, in order per account
            int total = made.values().stream().mapToInt(Long::intValue).sum();
            List<ConsumerRecord<String, byte[]>> records = RelayReader.readAll(servers, topic, true, total,
                                                                               Duration.ofSeconds(30));
            Map<String, List<Long>> amounts = new HashMap<>();
            ObjectMapper json = new ObjectMapper();
            for (ConsumerRecord<String, byte[]> record : records) {
                amounts.computeIfAbsent(record.key(), k -> new ArrayList<>())
                       .add(json.readTree(record.value()).get("amount").asLong());
            }
            System.out.printf("killed-relay scenario: %d deposits, %d kills, %d records read%n", total, KILLS,
                              records.size());
            assertThat(records).hasSize(total);
            for (Map.Entry<String, Long> account : made.entrySet()) {
                List<Long> expected = new ArrayList<>();
                for (long amount = 1; amount <= account.getValue(); amount++) {
                    expected.add(amount);
                }
                assertThat(amounts.get(account.getKey())).as(account.getKey()).containsExactlyElementsOf(expected);
            }
        } finally {
            nodes.forEach(NodeProcess::kill);
            database.drop();
        }
    }

    /** What a stuck relay needs explained: its status, its token documents, and what the living nodes logged. */
    private static String diagnosis(RelayStatus status, List<NodeProcess> nodes, MongoDatabase database) {
        StringBuilder text = new StringBuilder("status ").append(status).append("\ntokens:");
        database.getCollection(CairnCollections.TOKENS).find().forEach(token -> text.append("\n  ")
                                                                                  .append(token.toJson()));
        for (NodeProcess node : nodes) {
            List<String> lines = node.output().lines().toList();
            text.append("\nlog of living node ").append(node.log().getFileName()).append(" (last 60 lines):\n")
                .append(String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size())));
        }
        return text.toString();
    }

    private static NodeProcess node(String uri, String database, String servers, String topic, String nodeId) {
        return NodeProcess.start(RelayNode.class, nodeId, List.of(), uri, database, servers, database, topic, nodeId);
    }
}
