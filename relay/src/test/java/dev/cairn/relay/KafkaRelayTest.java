package dev.cairn.relay;

import com.example.bank.Account;
import com.example.bank.Bank;
import com.example.relay.RelayReader;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import dev.cairn.aggregates.Cairn;
import dev.cairn.aggregates.CairnApplication;
import dev.cairn.eventstore.mongo.support.CairnCollections;
import dev.cairn.mongo.embedded.junit.EmbeddedMongoExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The relay in one JVM: records with their key, value and headers, once each in aggregate order; a token store behind
 * Kafka's positions (a crash between the Kafka commit and the token write) repeats nothing; a payload that does not
 * serialize is parked naming the event; a new owner fences a zombie of an overlapping segment; an unreachable broker
 * does not block commands.
 */
@ExtendWith(EmbeddedMongoExtension.class)
class KafkaRelayTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private final String topic = "deposits-" + UUID.randomUUID();

    private KafkaRelay relay(String name, ObjectMapper mapper) {
        KafkaRelay.Builder builder = KafkaRelay.builder().name(name)
                                               .producerProperties(Map.of("bootstrap.servers",
                                                                          TestKafka.bootstrapServers()))
                                               .route(Bank.MoneyDeposited.class, topic).maxSegments(2)
                                               // idle segments' tokens follow within a third of it
                                               .tokenStore(store -> store.claimTimeout(Duration.ofMillis(1_500)));
        return (mapper == null ? builder : builder.objectMapper(mapper)).build();
    }

    private static long deposits(CairnApplication app, int accounts, int each) {
        for (int a = 0; a < accounts; a++) {
            app.commandGateway().sendAndWait(new Bank.OpenAccount("account-" + a));
        }
        for (int d = 1; d <= each; d++) {
            for (int a = 0; a < accounts; a++) {
                app.commandGateway().sendAndWait(new Bank.Deposit("account-" + a, d));
            }
        }
        return app.lastAppendedPosition().getAsLong();
    }

    @Test
    void eachSelectedEventIsPublishedOnceWithItsHeadersInAggregateOrder(MongoDatabase database) throws Exception {
        // Given a relay of deposits
        KafkaRelay relay = relay("orders-" + UUID.randomUUID().toString().substring(0, 8), null);
        try (CairnApplication app = Cairn.builder().database(database).aggregate(Account.class)
                                         .extension(relay.extension()).start()) {
            // When 3 accounts are opened and get 6 deposits each
            long head = deposits(app, 3, 6);
            assertThat(relay.awaitPublished(head, WAIT)).isTrue();

            // Then a read_committed consumer reads the 18 deposits (no account opening), in order per account
            List<ConsumerRecord<String, byte[]>> records = RelayReader.readAll(TestKafka.bootstrapServers(), topic,
                                                                               true, 18, WAIT);
            assertThat(records).hasSize(18);
            Map<String, List<Long>> amounts = new HashMap<>();
            for (ConsumerRecord<String, byte[]> record : records) {
                Bank.MoneyDeposited deposit = new ObjectMapper().readValue(record.value(), Bank.MoneyDeposited.class);
                assertThat(record.key()).isEqualTo(deposit.accountId());
                amounts.computeIfAbsent(record.key(), k -> new ArrayList<>()).add(deposit.amount());
                assertThat(header(record, KafkaRelay.HEADER_PAYLOAD_TYPE)).isEqualTo(Bank.MoneyDeposited.class.getName());
                assertThat(header(record, KafkaRelay.HEADER_AGGREGATE_TYPE)).isEqualTo("Account");
                assertThat(Long.parseLong(header(record, KafkaRelay.HEADER_AGGREGATE_SEQUENCE)))
                        .isEqualTo(deposit.amount());
                assertThat(header(record, KafkaRelay.HEADER_EVENT_ID)).isNotBlank();
                assertThat(Long.parseLong(header(record, KafkaRelay.HEADER_GLOBAL_POSITION))).isBetween(0L, head);
                assertThat(header(record, KafkaRelay.HEADER_TIMESTAMP)).isNotBlank();
            }
            assertThat(amounts).hasSize(3).allSatisfy(
                    (account, list) -> assertThat(list).containsExactly(1L, 2L, 3L, 4L, 5L, 6L));
            RelayStatus status = relay.status();
            assertThat(status.lagEvents()).isZero();
            assertThat(status.topics()).containsExactly(topic);
            assertThat(status.lastError()).isNull();
        }
    }

    @Test
    void aTokenStoreBehindKafkasPositionsRepeatsNothing(MongoDatabase database) throws Exception {
        // Given a relay that published 30 deposits, and then lost its tokens: the state after a crash between the
        // Kafka commits and the token writes
        String name = "behind-" + UUID.randomUUID().toString().substring(0, 8);
        KafkaRelay relay = relay(name, null);
        try (CairnApplication app = Cairn.builder().database(database).aggregate(Account.class)
                                         .extension(relay.extension()).start()) {
            assertThat(relay.awaitPublished(deposits(app, 3, 10), WAIT)).isTrue();
        }
        long deleted = database.getCollection(CairnCollections.defaults().name(CairnCollections.Role.TOKENS))
                               .deleteMany(Filters.eq("processorName", "relay-" + name)).getDeletedCount();
        assertThat(deleted).isPositive();

        // When a new node runs the relay from the start of the store and 3 more deposits arrive
        KafkaRelay again = relay(name, null);
        try (CairnApplication app = Cairn.builder().database(database).aggregate(Account.class)
                                         .extension(again.extension()).start()) {
            for (int a = 0; a < 3; a++) {
                app.commandGateway().sendAndWait(new Bank.Deposit("account-" + a, 11));
            }
            assertThat(again.awaitPublished(app.lastAppendedPosition().getAsLong(), WAIT)).isTrue();
        }

        // Then a read_committed consumer reads each of the 33 deposits once
        List<ConsumerRecord<String, byte[]>> records = RelayReader.readAll(TestKafka.bootstrapServers(), topic, true,
                                                                           33, WAIT);
        assertThat(records.stream().map(r -> header(r, KafkaRelay.HEADER_EVENT_ID)).distinct()).hasSize(33);
        assertThat(records).hasSize(33);
    }

    @Test
    void aPayloadThatDoesNotSerializeIsParkedNamingTheEventAndTheOthersArePublished(MongoDatabase database)
            throws Exception {
        // Given a relay whose object mapper cannot write a deposit of 7 (until it is fixed)
        java.util.concurrent.atomic.AtomicBoolean fixed = new java.util.concurrent.atomic.AtomicBoolean();
        SimpleModule module = new SimpleModule().addSerializer(Bank.MoneyDeposited.class, new JsonSerializer<>() {
            @Override
            public void serialize(Bank.MoneyDeposited value, JsonGenerator generator, SerializerProvider provider)
                    throws IOException {
                if (value.amount() == 7 && !fixed.get()) {
                    throw new IOException("seven is not allowed");
                }
                generator.writeStartObject();
                generator.writeStringField("accountId", value.accountId());
                generator.writeNumberField("amount", value.amount());
                generator.writeEndObject();
            }
        });
        KafkaRelay relay = relay("picky-" + UUID.randomUUID().toString().substring(0, 8),
                                 new ObjectMapper().registerModule(module));
        try (CairnApplication app = Cairn.builder().database(database).aggregate(Account.class)
                                         .extension(relay.extension()).start()) {
            // When account-0 gets 1..3 and 7 and 8, and account-1 gets 1..3
            app.commandGateway().sendAndWait(new Bank.OpenAccount("account-0"));
            app.commandGateway().sendAndWait(new Bank.OpenAccount("account-1"));
            for (long amount : new long[]{1, 2, 3, 7, 8}) {
                app.commandGateway().sendAndWait(new Bank.Deposit("account-0", amount));
            }
            for (long amount : new long[]{1, 2, 3}) {
                app.commandGateway().sendAndWait(new Bank.Deposit("account-1", amount));
            }
            assertThat(relay.awaitPublished(app.lastAppendedPosition().getAsLong(), WAIT)).isTrue();

            // Then the deposit of 7 is parked naming the event, account-0's deposit of 8 waits behind it, and the
            // other 6 deposits are published
            assertThat(relay.status().deadLetters()).isEqualTo(2);
            Document letter = database.getCollection(CairnCollections.DEAD_LETTERS)
                                      .find(Filters.eq("processingGroup", relay.processorName()))
                                      .sort(new Document("sequenceIndex", 1)).first();
            assertThat(letter).isNotNull();
            assertThat(letter.get("cause", Document.class).getString("message"))
                    .contains("does not serialize to JSON", Bank.MoneyDeposited.class.getName(), "seven is not allowed");
            List<ConsumerRecord<String, byte[]>> records = RelayReader.readAll(TestKafka.bootstrapServers(), topic,
                                                                               true, 6, WAIT);
            assertThat(records).hasSize(6);

            // When the mapper is fixed and the dead letters retried
            fixed.set(true);
            assertThat(relay.retryDeadLetters()).isEqualTo(1);

            // Then account-0's 7 and 8 follow its 3, and nothing is parked any more
            List<Long> account0 = new ArrayList<>();
            for (ConsumerRecord<String, byte[]> record : RelayReader.readAll(TestKafka.bootstrapServers(), topic, true,
                                                                             8, WAIT)) {
                if (record.key().equals("account-0")) {
                    account0.add(new ObjectMapper().readValue(record.value(), Bank.MoneyDeposited.class).amount());
                }
            }
            assertThat(account0).containsExactly(1L, 2L, 3L, 7L, 8L);
            assertThat(relay.status().deadLetters()).isZero();
        }
    }

    @Test
    void aNewOwnerFencesAProducerOfAnOverlappingSegmentThatStillHoldsATransaction(MongoDatabase database)
            throws Exception {
        // Given a zombie of segment 0/0 (the relay's segments before a split) holding an open transaction with a
        // record in it
        String name = "fenced-" + UUID.randomUUID().toString().substring(0, 8);
        KafkaRelay relay = relay(name, null);
        try (KafkaProducer<String, byte[]> zombie = new KafkaProducer<>(
                Map.of("bootstrap.servers", TestKafka.bootstrapServers(), "transactional.id",
                       "cairn-relay-" + name + "-0-0", "max.block.ms", 5_000), new StringSerializer(),
                new ByteArraySerializer())) {
            zombie.initTransactions();
            zombie.beginTransaction();
            zombie.send(new ProducerRecord<>(topic, "account-0", "{\"zombie\":true}".getBytes(StandardCharsets.UTF_8)))
                  .get();

            // When the relay's owners of segments 0/1 and 1/1 publish 2 deposits
            try (CairnApplication app = Cairn.builder().database(database).aggregate(Account.class)
                                             .extension(relay.extension()).start()) {
                assertThat(relay.awaitPublished(deposits(app, 2, 1), WAIT)).isTrue();
            }

            // Then the zombie can no longer commit, and a read_committed consumer reads only the relay's records
            assertThatThrownBy(zombie::commitTransaction).isInstanceOf(KafkaException.class);
        }
        List<ConsumerRecord<String, byte[]>> records = RelayReader.readAll(TestKafka.bootstrapServers(), topic, true,
                                                                           2, WAIT);
        assertThat(records).hasSize(2).allSatisfy(
                record -> assertThat(header(record, KafkaRelay.HEADER_EVENT_ID)).isNotBlank());
    }

    @Test
    void anUnreachableBrokerDoesNotBlockCommandsAndTheRelayLagsAndSaysSo(MongoDatabase database) throws Exception {
        // Given a relay to a broker nobody listens on
        KafkaRelay relay = KafkaRelay.builder().name("unreachable")
                                     .producerProperties(Map.of("bootstrap.servers", "127.0.0.1:9",
                                                                "max.block.ms", 1_000))
                                     .route(Bank.MoneyDeposited.class, topic).build();
        try (CairnApplication app = Cairn.builder().database(database).aggregate(Account.class)
                                         .extension(relay.extension()).start()) {
            // When commands run
            long started = System.nanoTime();
            deposits(app, 2, 5);
            Duration took = Duration.ofNanos(System.nanoTime() - started);

            // Then they were not held up, and the relay lags and names the error
            assertThat(took).isLessThan(Duration.ofSeconds(5));
            long deadline = System.nanoTime() + WAIT.toNanos();
            RelayStatus status = relay.status();
            while (status.lastError() == null && System.nanoTime() < deadline) {
                Thread.sleep(100);
                status = relay.status();
            }
            assertThat(status.lastError()).isNotNull();
            assertThat(status.lagEvents()).isPositive();
            assertThat(status.deadLetters()).isZero();
        }
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
