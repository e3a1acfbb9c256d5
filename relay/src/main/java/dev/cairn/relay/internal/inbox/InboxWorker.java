package dev.cairn.relay.internal.inbox;

import dev.cairn.aggregates.Cairn;
import dev.cairn.relay.internal.RelayHeaders;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The consuming thread of one inbox (ADR 86): per record, in partition order, skip what its own position says was
 * done, wait behind a parked record of the same key, else send the record's command with an idempotency key derived
 * from the record, retried with back-off and then parked; record the position, then commit the offsets to Kafka.
 */
public final class InboxWorker implements Runnable {

    private static final Logger logger = LoggerFactory.getLogger(InboxWorker.class);

    private final String inbox;
    private final String topic;
    private final KafkaConsumer<String, byte[]> consumer;
    private final Function<ConsumerRecord<String, byte[]>, Object> commands;
    private final CommandGateway gateway;
    private final InboxStore store;
    private final int attempts;
    private final Duration backoff;
    private final Map<Integer, Long> done = new ConcurrentHashMap<>();
    private volatile boolean running = true;

    public InboxWorker(String inbox, String topic, KafkaConsumer<String, byte[]> consumer,
                       Function<ConsumerRecord<String, byte[]>, Object> commands, CommandGateway gateway,
                       InboxStore store, int attempts, Duration backoff) {
        this.inbox = inbox;
        this.topic = topic;
        this.consumer = consumer;
        this.commands = commands;
        this.gateway = gateway;
        this.store = store;
        this.attempts = attempts;
        this.backoff = backoff;
    }

    /** @return the idempotency key of {@code record}'s command: the producer's event id when present */
    public static String idempotencyKey(String inbox, ConsumerRecord<String, byte[]> record) {
        Header eventId = record.headers().lastHeader(RelayHeaders.EVENT_ID);
        return "inbox:" + inbox + ":" + (eventId != null
                ? "event:" + new String(eventId.value(), StandardCharsets.UTF_8)
                : record.topic() + "/" + record.partition() + "/" + record.offset());
    }

    @Override
    public void run() {
        try {
            consumer.subscribe(List.of(topic), new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                    partitions.forEach(p -> done.remove(p.partition()));
                }

                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                    for (TopicPartition partition : partitions) {
                        long position = store.position(inbox, topic, partition.partition());
                        done.put(partition.partition(), position);
                        if (position >= 0) {
                            // the inbox's own position wins over the group's: a group reset runs nothing again
                            consumer.seek(partition, position + 1);
                        }
                    }
                }
            });
            while (running) {
                ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofMillis(200));
                Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
                for (ConsumerRecord<String, byte[]> record : records) {
                    if (!running || !handle(record)) {
                        break; // stopping: a record not done is left to the partition's next owner
                    }
                    offsets.put(new TopicPartition(record.topic(), record.partition()),
                                new OffsetAndMetadata(record.offset() + 1));
                }
                if (!offsets.isEmpty()) {
                    try {
                        consumer.commitSync(offsets);
                    } catch (RuntimeException e) {
                        // the positions hold what was done; a new owner of the partition starts after them
                        logger.debug("Inbox [{}] could not commit its offsets", inbox, e);
                    }
                }
            }
        } catch (WakeupException e) {
            // stopping
        } catch (RuntimeException e) {
            store.error(inbox, e.getClass().getSimpleName() + ": " + e.getMessage(), Instant.now());
            logger.warn("Inbox [{}] stopped consuming [{}]", inbox, topic, e);
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    /** @return whether the record is done (ran, was parked or was done before); not when stopping cut it short */
    private boolean handle(ConsumerRecord<String, byte[]> record) {
        long position = done.getOrDefault(record.partition(), -1L);
        if (record.offset() <= position) {
            return true;
        }
        String key = record.key() == null ? "partition-" + record.partition() : record.key();
        if (store.parked(inbox, key)) {
            store.park(inbox, key, record.topic(), record.partition(), record.offset(),
                       "waits behind an earlier parked record of key [" + key + "]");
        } else {
            Outcome outcome = execute(record);
            if (outcome.stopped()) {
                // not run, or failed while the application stops (its command bus may be closing): not parked,
                // not done, left to the partition's next owner
                return false;
            }
            RuntimeException failure = outcome.failure();
            if (failure != null) {
                String error = "Record " + record.topic() + "/" + record.partition() + "/" + record.offset()
                        + " (key [" + key + "]) failed " + attempts + " times: " + failure;
                store.park(inbox, key, record.topic(), record.partition(), record.offset(), error);
                store.error(inbox, error, Instant.now());
            }
        }
        store.completed(inbox, record.topic(), record.partition(), record.offset());
        done.put(record.partition(), record.offset());
        return true;
    }

    /** How running a record's command ended. */
    private record Outcome(boolean stopped, RuntimeException failure) {
        static final Outcome RAN = new Outcome(false, null);
        static final Outcome STOPPED = new Outcome(true, null);
    }

    /**
     * @return {@link Outcome#RAN}; the last failure when every attempt failed; {@link Outcome#STOPPED} when the worker
     * was stopped before an attempt or after a failed one
     */
    private Outcome execute(ConsumerRecord<String, byte[]> record) {
        RuntimeException last = null;
        for (int attempt = 1; attempt <= attempts; attempt++) {
            if (!running) {
                return Outcome.STOPPED;
            }
            try {
                Object command = commands.apply(record);
                if (command != null) {
                    gateway.sendAndWait(GenericCommandMessage.asCommandMessage(command).andMetaData(
                            Map.of(Cairn.IDEMPOTENCY_KEY, idempotencyKey(inbox, record))));
                }
                return Outcome.RAN;
            } catch (RuntimeException e) {
                last = e;
                try {
                    Thread.sleep(backoff.toMillis() * attempt);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return running ? new Outcome(false, e) : Outcome.STOPPED;
                }
            }
        }
        return running ? new Outcome(false, last) : Outcome.STOPPED;
    }

    public void stop() {
        running = false;
        consumer.wakeup();
    }
}
