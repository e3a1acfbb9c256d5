package dev.cairn.relay;

import com.example.bank.Account;
import com.example.bank.Bank;
import com.example.relay.RelayReader;
import com.mongodb.client.MongoDatabase;
import dev.cairn.aggregates.Cairn;
import dev.cairn.aggregates.CairnApplication;
import dev.cairn.mongo.embedded.junit.EmbeddedMongoExtension;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's section "Integration events" holds: its Java block is this class's code, which publishes a deposit to
 * Kafka and turns a payment record into a deposit, and the section names the topic layout the code uses.
 */
@ExtendWith(EmbeddedMongoExtension.class)
class ReadmeRelayTest {

    private static final Path README = Path.of("..", "README.md");
    private static final Path SELF = Path.of("src/test/java/dev/cairn/relay/ReadmeRelayTest.java");

    @Test
    void theJavaExampleIsThisCodeAndItPublishesAndConsumes(MongoDatabase database) throws Exception {
        // Given account-1, and a broker with a payment record waiting for it
        String servers = TestKafka.bootstrapServers();
        try (CairnApplication opening = Cairn.builder().database(database).aggregate(Account.class).start()) {
            opening.commandGateway().sendAndWait(new Bank.OpenAccount("account-1"));
        }
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", servers))) {
            admin.createTopics(List.of(new NewTopic("payments.received", 1, (short) 1))).all()
                 .get(30, TimeUnit.SECONDS);
        }
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(
                Map.of("bootstrap.servers", servers), new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>("payments.received", "account-1", "25"));
        }

        // When the README's example runs
        KafkaRelay relay = KafkaRelay.builder()
                .name("bank")
                .producerProperties(Map.of("bootstrap.servers", servers))
                .route(Bank.MoneyDeposited.class, "bank.deposits")    // or .route(description, predicate, topic)
                .build();
        KafkaInbox inbox = KafkaInbox.builder()
                .name("payments")
                .consumerProperties(Map.of("bootstrap.servers", servers))
                .topic("payments.received")
                .commands(record -> new Bank.Deposit(record.key(), Long.parseLong(new String(record.value(), UTF_8))))
                .build();
        CairnApplication app = Cairn.builder().database(database).aggregate(Account.class)
                                    .extension(relay.extension()).extension(inbox.extension()).start();
        app.commandGateway().sendAndWait(new Bank.Deposit("account-1", 100));
        relay.awaitPublished(app.lastAppendedPosition().getAsLong(), Duration.ofSeconds(10));
        RelayStatus status = relay.status();       // position, lag in events and time, dead letters, last error

        // Then the deposit of 100 and the inbox's deposit of 25 reach the topic, once each, and the relay is caught up
        try (app) {
            assertThat(RelayReader.readAll(servers, "bank.deposits", true, 2, Duration.ofSeconds(30))).hasSize(2);
            assertThat(relay.status().caughtUp()).isTrue();
            assertThat(status.topics()).containsExactly("bank.deposits");
            assertThat(inbox.status().positions()).containsEntry(0, 0L);
        }
        Matcher block = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL).matcher(section());
        assertThat(block.find()).as("the section's Java block").isTrue();
        assertThat(normalize(Files.readString(SELF))).contains(normalize(block.group(1)));
        assertThat(section()).contains("cairn.relay.<name>.positions", "cairn_inbox_positions", "cairn_inbox_parked",
                                       "relay status");
    }

    private static String section() throws IOException {
        String readme = Files.readString(README);
        int from = readme.indexOf("\n## Integration events\n");
        assertThat(from).as("README section 'Integration events'").isNotNegative();
        int to = readme.indexOf("\n## ", from + 1);
        return readme.substring(from, to < 0 ? readme.length() : to);
    }

    private static String normalize(String code) {
        return code.replaceAll("(?m)^\\s*import .*$", "").replaceAll("//.*", "").replaceAll("\\s+", "");
    }
}
