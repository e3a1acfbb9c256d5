package com.example.relay;

import com.example.bank.Account;
import com.example.bank.Bank;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import dev.cairn.aggregates.Cairn;
import dev.cairn.aggregates.CairnApplication;
import dev.cairn.mongo.embedded.junit.EmbeddedMongoExtension;
import dev.cairn.mongo.embedded.junit.MongoTarget;
import dev.cairn.relay.InboxStatus;
import dev.cairn.relay.KafkaInbox;
import dev.cairn.relay.TestKafka;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Inbox nodes in JVMs of their own, two in one consumer group, each halting itself after a deposit committed and
 * before its inbox wrote the position and committed the offset (the crash between the command and the offset commit);
 * a node restarted under the first one's group instance takes its partition back at once and the dead second node's
 * after its session ends (a rebalance): every record's deposit ran exactly once, counted on the accounts' events.
 * Scaled to the suite's budget: 24 records on 2 partitions, halts after 3 and 5 deposits, sessions of 2 seconds.
 */
@ExtendWith(EmbeddedMongoExtension.class)
class KilledInboxNodesTest {

    private static final int RECORDS = 24;
    private static final int ACCOUNTS = 4;
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void everyRecordsDepositRunsOnceAfterInboxNodesHaltedBetweenTheCommandAndTheOffsetCommit(MongoTarget target)
            throws Exception {
        // Given 4 open accounts and 24 payment records on 2 partitions (an account's records on one partition)
        String name = "inbox_" + UUID.randomUUID().toString().substring(0, 8);
        String topic = "payments-" + name;
        String group = "group-" + name;
        String servers = TestKafka.bootstrapServers();
        MongoDatabase database = target.client().getDatabase(name);
        List<NodeProcess> nodes = new ArrayList<>();
        try {
            try (CairnApplication app = Cairn.builder().mongo(target.connectionString(), name)
                                             .aggregate(Account.class).start()) {
                for (int a = 0; a < ACCOUNTS; a++) {
                    app.commandGateway().sendAndWait(new Bank.OpenAccount("account-" + a));
                }
            }
            send(servers, topic);

            // When two nodes of one group consume them, halting after 3 and after 5 deposits
            nodes.add(node(target, name, servers, topic, group, "a", 3));
            nodes.add(node(target, name, servers, topic, group, "b", 5));
            for (NodeProcess node : nodes) {
                assertThat(node.awaitExit()).as(node.output()).isEqualTo(InboxNode.HALTED);
                assertThat(node.output()).contains("halting after deposit");
            }

            // and this JVM runs the inbox under the first node's group instance until every record is done
            KafkaInbox inbox = InboxNode.inbox(servers, topic, group, "a");
            try (CairnApplication app = Cairn.builder().mongo(target.connectionString(), name)
                                             .aggregate(Account.class).extension(inbox.extension()).start()) {
                long deadline = System.nanoTime() + WAIT.toNanos();
                while (done(inbox.status()) < RECORDS && System.nanoTime() < deadline) {
                    Thread.sleep(50);
                }
                assertThat(done(inbox.status())).isEqualTo(RECORDS);
            }

            // Then each record's deposit happened exactly once, none parked
            Map<String, Integer> deposits = deposits(database);
            assertThat(deposits).hasSize(RECORDS)
                                .allSatisfy((deposit, times) -> assertThat(times).as(deposit).isEqualTo(1));
            assertThat(KafkaInbox.status(database, InboxNode.NAME).parked()).isZero();
        } finally {
            nodes.forEach(NodeProcess::kill);
            database.drop();
        }
    }

    private static NodeProcess node(MongoTarget target, String database, String servers, String topic, String group,
                                    String instance, int haltAfter) {
        return NodeProcess.start(InboxNode.class, "inbox-" + instance,
                                 List.of("-D" + InboxNode.HALT_AFTER + "=" + haltAfter), target.connectionString(),
                                 database, servers, topic, group, instance);
    }

    /** Record {@code i} (1..24) deposits {@code i} into account {@code i % 4}, on partition {@code i % 2}. */
    private static void send(String servers, String topic) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", servers))) {
            admin.createTopics(List.of(new NewTopic(topic, 2, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers", servers),
                                                                          new StringSerializer(),
                                                                          new ByteArraySerializer())) {
            for (int i = 1; i <= RECORDS; i++) {
                producer.send(new ProducerRecord<>(topic, i % 2, "account-" + i % ACCOUNTS,
                                                   Integer.toString(i).getBytes(StandardCharsets.UTF_8)));
            }
        }
    }

    /** @return how many records the inbox's positions say are done (offsets start at 0 per partition) */
    private static long done(InboxStatus status) {
        return status.positions().values().stream().mapToLong(offset -> offset + 1).sum();
    }

    /** @return how often each {@code account:amount} deposit is among the stored events */
    private static Map<String, Integer> deposits(MongoDatabase database) {
        Map<String, Integer> counts = new HashMap<>();
        for (Document commit : database.getCollection("events").find(Filters.exists("events"))) {
            for (Document event : commit.getList("events", Document.class)) {
                if (event.getString("payloadType").equals(Bank.MoneyDeposited.class.getName())) {
                    Object payload = event.get("payload");
                    Document deposit = payload instanceof Document document ? document
                            : Document.parse(payload.toString());
                    counts.merge(event.getString("aggregateIdentifier") + ":"
                                         + ((Number) deposit.get("amount")).longValue(), 1, Integer::sum);
                }
            }
        }
        return counts;
    }
}
