package dev.cairn.relay;

import com.example.bank.Account;
import com.example.bank.Bank;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import dev.cairn.aggregates.Cairn;
import dev.cairn.aggregates.CairnApplication;
import dev.cairn.mongo.embedded.junit.EmbeddedMongoExtension;
import dev.cairn.relay.internal.inbox.InboxStore;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The inbox: every record's command once, across a crash between the command and the position write (idempotency
 * keys), a consumer group reset after the keys expired (its own positions) and a rebalance between two consumers of
 * the group; a failing record retried, then parked
 * with its key's later records behind it; an unknown topic named.
 */
@ExtendWith(EmbeddedMongoExtension.class)
class KafkaInboxTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private final String topic = "payments-" + UUID.randomUUID();

    private static Object deposit(ConsumerRecord<String, byte[]> record) {
        String value = new String(record.value(), StandardCharsets.UTF_8);
        if (value.equals("poison")) {
            throw new IllegalArgumentException("cannot read [" + value + "]");
        }
        return new Bank.Deposit(record.key(), Long.parseLong(value));
    }

    private KafkaInbox inbox(String group) {
        return KafkaInbox.builder().name("payments").topic(topic)
                         .consumerProperties(Map.of("bootstrap.servers", TestKafka.bootstrapServers(),
                                                    "group.id", group))
                         .commands(KafkaInboxTest::deposit).attempts(2).backoff(Duration.ofMillis(10)).build();
    }

    private void send(List<String[]> records) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", TestKafka.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topic, 2, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
                Map.of("bootstrap.servers", TestKafka.bootstrapServers()), new StringSerializer(),
                new ByteArraySerializer())) {
            for (String[] record : records) {
                producer.send(new ProducerRecord<>(topic, record[0], record[1].getBytes(StandardCharsets.UTF_8)));
            }
        }
    }

    /** Runs an application with {@code inbox} until it has done {@code records} records. */
    private static void runUntilDone(MongoDatabase database, KafkaInbox inbox, int records) throws Exception {
        try (CairnApplication app = Cairn.builder().database(database).aggregate(Account.class)
                                         .extension(inbox.extension()).start()) {
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (done(inbox.status()) < records && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(done(inbox.status())).isEqualTo(records);
        }
    }

    /** @return how many records the inbox's positions say are done (offsets start at 0 per partition) */
    private static long done(InboxStatus status) {
        return status.positions().values().stream().mapToLong(offset -> offset + 1).sum();
    }

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

    @Test
    void everyRecordsCommandRunsOnceAfterACrashBeforeThePositionAndAGroupResetAfterTheKeysExpired(
            MongoDatabase database) throws Exception {
        // Given 3 open accounts and 24 payment records for them
        try (CairnApplication app = Cairn.builder().database(database).aggregate(Account.class).start()) {
            for (int a = 0; a < 3; a++) {
                app.commandGateway().sendAndWait(new Bank.OpenAccount("account-" + a));
            }
        }
        List<String[]> records = new java.util.ArrayList<>();
        for (int i = 1; i <= 24; i++) {
            records.add(new String[]{"account-" + (i % 3), Integer.toString(i)});
        }
        send(records);

        // When the inbox consumes them all
        runUntilDone(database, inbox("group-1"), 24);
        assertThat(deposits(database)).hasSize(24);

        // and then every record is redelivered as after a crash between the commands and the position writes
        // (positions gone, the group reset)
        database.getCollection(InboxStore.POSITIONS).deleteMany(new Document());
        runUntilDone(database, inbox("group-2"), 24);

        // and again after the idempotency keys expired, the group reset to the topic's start once more, until the
        // inbox did a new record on each partition (so it read each partition to its end)
        database.getCollection(Cairn.IDEMPOTENCY_COLLECTION).deleteMany(new Document());
        KafkaInbox third = inbox("group-3");
        try (CairnApplication app = Cairn.builder().database(database).aggregate(Account.class)
                                         .extension(third.extension()).start()) {
            try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
                    Map.of("bootstrap.servers", TestKafka.bootstrapServers()), new StringSerializer(),
                    new ByteArraySerializer())) {
                producer.send(new ProducerRecord<>(topic, 0, "account-0", "25".getBytes(StandardCharsets.UTF_8)));
                producer.send(new ProducerRecord<>(topic, 1, "account-1", "26".getBytes(StandardCharsets.UTF_8)));
            }
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (done(third.status()) < 26 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(done(third.status())).isEqualTo(26);
        }

        // Then each record's deposit happened once, none parked
        Map<String, Integer> deposits = deposits(database);
        assertThat(deposits).hasSize(26).allSatisfy((deposit, times) -> assertThat(times).as(deposit).isEqualTo(1));
        assertThat(third.status().parked()).isZero();
    }

    @Test
    void everyRecordsCommandRunsOnceWhileTwoConsumersOfTheGroupRebalance(MongoDatabase database) throws Exception {
        // Given 4 open accounts, 20 payment records, and two nodes running the inbox in one group
        try (CairnApplication app = Cairn.builder().database(database).aggregate(Account.class).start()) {
            for (int a = 0; a < 4; a++) {
                app.commandGateway().sendAndWait(new Bank.OpenAccount("account-" + a));
            }
        }
        List<String[]> records = new java.util.ArrayList<>();
        for (int i = 1; i <= 20; i++) {
            records.add(new String[]{"account-" + (i % 4), Integer.toString(i)});
        }
        send(records);
        KafkaInbox first = inbox("group-r");
        CairnApplication firstNode = Cairn.builder().database(database).aggregate(Account.class)
                                          .extension(first.extension()).start();
        KafkaInbox second = inbox("group-r");
        try (CairnApplication secondNode = Cairn.builder().database(database).aggregate(Account.class)
                                                .extension(second.extension()).start()) {
            // When 20 more records arrive while the first node stops (its partitions move to the second)
            try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
                    Map.of("bootstrap.servers", TestKafka.bootstrapServers()), new StringSerializer(),
                    new ByteArraySerializer())) {
                for (int i = 21; i <= 40; i++) {
                    producer.send(new ProducerRecord<>(topic, "account-" + (i % 4),
                                                       Integer.toString(i).getBytes(StandardCharsets.UTF_8)));
                    if (i == 25) {
                        firstNode.close();
                    }
                    Thread.sleep(10);
                }
            }
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (done(second.status()) < 40 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
        } finally {
            firstNode.close();
        }

        // Then each record's deposit happened once
        Map<String, Integer> deposits = deposits(database);
        assertThat(deposits).hasSize(40).allSatisfy((deposit, times) -> assertThat(times).as(deposit).isEqualTo(1));
    }

    @Test
    void aRecordWhoseCommandFailsWhileTheApplicationStopsIsNeitherParkedNorDone(MongoDatabase database)
            throws Exception {
        // Given one record for account-1, whose command fails once the application has begun to stop (as a command
        // does when the command bus closes under it), and succeeds later
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", TestKafka.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
                Map.of("bootstrap.servers", TestKafka.bootstrapServers()), new StringSerializer(),
                new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topic, "account-1", "7".getBytes(StandardCharsets.UTF_8))).get();
        }
        try (CairnApplication app = Cairn.builder().database(database).aggregate(Account.class).start()) {
            app.commandGateway().sendAndWait(new Bank.OpenAccount("account-1"));
        }
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch stopping = new CountDownLatch(1);
        AtomicBoolean failing = new AtomicBoolean(true);
        KafkaInbox first = KafkaInbox.builder().name("payments").topic(topic)
                                     .consumerProperties(Map.of("bootstrap.servers", TestKafka.bootstrapServers(),
                                                                "group.id", "group-stop"))
                                     .commands(record -> {
                                         if (failing.get()) {
                                             entered.countDown();
                                             await(stopping);
                                             sleep(300); // the shutdown hook has stopped the worker by now
                                             throw new IllegalStateException("the command bus is shutting down");
                                         }
                                         return deposit(record);
                                     })
                                     .attempts(3).backoff(Duration.ofMillis(10)).build();
        CairnApplication app = Cairn.builder().database(database).aggregate(Account.class)
                                    .extension(first.extension()).start();
        assertThat(entered.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();

        // When the application stops while the record's command is in hand, and that command then fails
        stopping.countDown();
        app.close();

        // Then the record is neither parked nor done: stopping waited for it and left it to the next owner
        InboxStatus afterStop = first.status();
        assertThat(afterStop.parked()).isZero();
        assertThat(done(afterStop)).isZero();

        // and the next run of the group's consumer runs it once
        failing.set(false);
        runUntilDone(database, inbox("group-stop"), 1);
        assertThat(deposits(database)).containsExactly(Map.entry("account-1:7", 1));
        assertThat(KafkaInbox.status(database, "payments").parked()).isZero();
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void aFailingRecordIsRetriedThenParkedWithItsKeysLaterRecordsBehindIt(MongoDatabase database) throws Exception {
        // Given account-1 gets 1, a poison record, then 2; account-2 gets 5 (one partition: one order)
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", TestKafka.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
                Map.of("bootstrap.servers", TestKafka.bootstrapServers()), new StringSerializer(),
                new ByteArraySerializer())) {
            for (String[] record : List.of(new String[]{"account-1", "1"}, new String[]{"account-1", "poison"},
                                           new String[]{"account-1", "2"}, new String[]{"account-2", "5"})) {
                producer.send(new ProducerRecord<>(topic, record[0], record[1].getBytes(StandardCharsets.UTF_8)));
            }
        }
        try (CairnApplication app = Cairn.builder().database(database).aggregate(Account.class).start()) {
            app.commandGateway().sendAndWait(new Bank.OpenAccount("account-1"));
            app.commandGateway().sendAndWait(new Bank.OpenAccount("account-2"));
        }

        // When the inbox consumes them
        KafkaInbox inbox = inbox("group-1");
        runUntilDone(database, inbox, 4);

        // Then the poison record and account-1's later record are parked, the others ran, and status says why
        InboxStatus status = inbox.status();
        assertThat(status.parked()).isEqualTo(2);
        assertThat(status.lastError()).contains(topic + "/0/1", "account-1", "failed 2 times", "cannot read [poison]");
        assertThat(deposits(database)).containsOnlyKeys("account-1:1", "account-2:5");
    }

    @Test
    void anUnknownTopicFailsTheStartNamingIt(MongoDatabase database) {
        // Given an inbox of a topic that does not exist
        KafkaInbox inbox = inbox("group-1");

        // When the application starts
        // Then it fails naming the topic
        assertThatThrownBy(() -> Cairn.builder().database(database).aggregate(Account.class)
                                      .extension(inbox.extension()).start())
                .hasStackTraceContaining("the topic [" + topic + "] does not exist");
    }
}
