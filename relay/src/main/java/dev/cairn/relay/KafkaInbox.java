package dev.cairn.relay;

import com.mongodb.client.MongoDatabase;
import dev.cairn.aggregates.CairnExtension;
import dev.cairn.aggregates.CairnSetup;
import dev.cairn.relay.internal.inbox.InboxStore;
import dev.cairn.relay.internal.inbox.InboxWorker;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.axonframework.lifecycle.Phase;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;

import static org.axonframework.common.BuilderUtils.assertNonNull;
import static org.axonframework.common.BuilderUtils.assertThat;

/**
 * Consumes a Kafka topic into commands, each at most once in effect (ADR 86).
 * <pre>
 * KafkaInbox inbox = KafkaInbox.builder()
 *         .name("payments")
 *         .consumerProperties(Map.of("bootstrap.servers", "localhost:9092"))
 *         .topic("payments.received")
 *         .commands(record -&gt; new Deposit(record.key(), Long.parseLong(new String(record.value()))))
 *         .build();
 * Cairn.builder()...extension(inbox.extension()).start();
 * </pre>
 * Each record's command is sent with {@code Cairn.IDEMPOTENCY_KEY} derived from the record (the producer's
 * {@link KafkaRelay#HEADER_EVENT_ID} when present, else topic, partition and offset), so a redelivered record never
 * runs twice while its key is kept. The inbox also keeps its own position per partition in
 * {@code cairn_inbox_positions} (written after the command, before the Kafka offset commit) and starts after it, so a
 * consumer group reset to the topic's start runs no old command again, even after the keys expired. A record whose
 * command fails is retried, then parked in {@code cairn_inbox_parked} with the later records of its key behind it;
 * nothing is skipped. A topic that does not exist fails the application's start naming it.
 * <p>
 * Defaults: group id {@code cairn-inbox-<name>}, {@code read_committed}, auto commit off, 3 attempts with a back-off
 * of 200 ms times the attempt. A command mapper returning {@code null} ignores the record.
 */
public final class KafkaInbox {

    private static final Logger logger = LoggerFactory.getLogger(KafkaInbox.class);
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]+");
    /** How long stopping waits for the record in hand. */
    private static final Duration STOP_WAIT = Duration.ofSeconds(30);

    private final String name;
    private final String topic;
    private final Map<String, Object> consumer;
    private final Function<ConsumerRecord<String, byte[]>, Object> commands;
    private final int attempts;
    private final Duration backoff;
    private volatile InboxStore store;
    private volatile InboxWorker worker;
    private volatile Thread workerThread;

    private KafkaInbox(Builder builder) {
        builder.validate();
        this.name = builder.name;
        this.topic = builder.topic;
        this.commands = builder.commands;
        this.attempts = builder.attempts;
        this.backoff = builder.backoff;
        Map<String, Object> properties = new HashMap<>();
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, "cairn-inbox-" + name);
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        properties.putAll(builder.consumer);
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        this.consumer = Map.copyOf(properties);
    }

    public static Builder builder() {
        return new Builder();
    }

    public String name() {
        return name;
    }

    /** @return the extension to pass to the Cairn builder's {@code extension(...)} */
    public CairnExtension extension() {
        return new CairnExtension() {
            @Override
            public void configure(CairnSetup setup) {
                MongoDatabase database = setup.database();
                store = new InboxStore(database);
                setup.configurer().onInitialize(configuration -> configuration.onStart(
                        Phase.INBOUND_EVENT_CONNECTORS, () -> start(configuration.commandGateway())));
                setup.configurer().onShutdown(Phase.INBOUND_EVENT_CONNECTORS, KafkaInbox.this::stop);
            }
        };
    }

    private void start(org.axonframework.commandhandling.gateway.CommandGateway gateway) {
        KafkaConsumer<String, byte[]> kafka = new KafkaConsumer<>(consumer, new StringDeserializer(),
                                                                  new ByteArrayDeserializer());
        try {
            if (!kafka.listTopics(Duration.ofSeconds(15)).containsKey(topic)) {
                throw new IllegalStateException("Inbox [" + name + "]: the topic [" + topic + "] does not exist");
            }
        } catch (RuntimeException e) {
            kafka.close(Duration.ZERO);
            throw e;
        }
        store.register(name, topic);
        InboxWorker started = new InboxWorker(name, topic, kafka, commands, gateway, store, attempts, backoff);
        Thread thread = new Thread(started, "cairn-inbox-" + name);
        thread.setDaemon(true);
        thread.start();
        worker = started;
        workerThread = thread;
    }

    /**
     * Stops consuming and waits for the record in hand: its command finishes while the application still runs, and a
     * command that fails because the application stops is neither parked nor marked done.
     */
    private void stop() {
        InboxWorker current = worker;
        Thread thread = workerThread;
        if (current != null) {
            current.stop();
            worker = null;
            workerThread = null;
        }
        if (thread != null) {
            try {
                thread.join(STOP_WAIT.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (thread.isAlive()) {
                logger.warn("Inbox [{}] still handles a record after {}; the application stops without it", name,
                            STOP_WAIT);
            }
        }
    }

    /** @return where the inbox stands: positions per partition, parked records, last error */
    public InboxStatus status() {
        InboxStore current = store;
        if (current == null) {
            throw new IllegalStateException("The application with inbox [" + name + "] is not configured yet");
        }
        return status(current, name);
    }

    /** @return the status of inbox {@code name} as stored in {@code database} */
    public static InboxStatus status(MongoDatabase database, String name) {
        return status(new InboxStore(database), name);
    }

    /** @return the names of the inboxes that ever started on {@code database}, sorted */
    public static java.util.List<String> names(MongoDatabase database) {
        return new InboxStore(database).inboxes().stream().map(d -> d.getString("_id")).toList();
    }

    private static InboxStatus status(InboxStore store, String name) {
        Document inbox = store.inboxes().stream().filter(d -> name.equals(d.getString("_id"))).findFirst()
                              .orElse(new Document());
        Date at = inbox.getDate("lastErrorAt");
        return new InboxStatus(name, inbox.getString("topic"), store.positions(name), store.parkedCount(name),
                               inbox.getString("lastError"), at == null ? null : at.toInstant());
    }

    /** Builds a {@link KafkaInbox}; setters fail fast, {@link #build()} checks the required parts. */
    public static final class Builder {

        private String name;
        private String topic;
        private final Map<String, Object> consumer = new LinkedHashMap<>();
        private Function<ConsumerRecord<String, byte[]>, Object> commands;
        private int attempts = 3;
        private Duration backoff = Duration.ofMillis(200);

        /** The inbox's name: letters, digits, {@code . _ -}; it names its positions and its default group. */
        public Builder name(String name) {
            assertNonNull(name, "The inbox name may not be null");
            assertThat(name, n -> NAME.matcher(n).matches(),
                       "The inbox name [" + name + "] may hold only letters, digits, '.', '_' and '-'");
            this.name = name;
            return this;
        }

        /** The topic to consume. */
        public Builder topic(String topic) {
            assertNonNull(topic, "The inbox topic may not be null");
            assertThat(topic, t -> !t.isBlank(), "The inbox topic may not be blank");
            this.topic = topic;
            return this;
        }

        /** Kafka consumer properties; {@code bootstrap.servers} is required. */
        public Builder consumerProperties(Map<String, ?> properties) {
            assertNonNull(properties, "The consumer properties may not be null");
            properties.forEach((key, value) -> {
                assertNonNull(value, "The consumer property [" + key + "] may not be null");
                consumer.put(key, value);
            });
            return this;
        }

        /** Turns a record into the command to send ({@code null}: ignore the record). */
        public Builder commands(Function<ConsumerRecord<String, byte[]>, Object> commands) {
            assertNonNull(commands, "The command mapper may not be null");
            this.commands = commands;
            return this;
        }

        /** Attempts per record before it is parked (default 3). */
        public Builder attempts(int attempts) {
            assertThat(attempts, a -> a >= 1, "An inbox needs at least one attempt, not " + attempts);
            this.attempts = attempts;
            return this;
        }

        /** Back-off after a failed attempt, times the attempt number (default 200 ms). */
        public Builder backoff(Duration backoff) {
            assertNonNull(backoff, "The back-off may not be null");
            assertThat(backoff, b -> !b.isNegative(), "The back-off may not be negative");
            this.backoff = backoff;
            return this;
        }

        public KafkaInbox build() {
            return new KafkaInbox(this);
        }

        private void validate() {
            assertNonNull(name, "An inbox needs a name");
            assertNonNull(topic, "Inbox [" + name + "] needs a topic");
            assertNonNull(commands, "Inbox [" + name + "] needs a command mapper");
            assertThat(consumer, c -> c.containsKey("bootstrap.servers"),
                       "Inbox [" + name + "] needs the consumer property bootstrap.servers");
        }
    }
}
