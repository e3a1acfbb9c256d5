package dev.cairn.relay.internal;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.axonframework.eventhandling.TrackingToken;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The transactional producer of one segment of a relay, opened by a new owner (ADR 86): it fences the producers of
 * every overlapping segment whose transactional id the brokers know (every one when they cannot say), then reads the
 * positions topic to its end with {@code read_committed}, so it knows what earlier owners published. Each
 * batch is one transaction holding its records and the segment's position.
 */
final class SegmentWriter implements AutoCloseable {

    /** How long a new owner waits for other segments' open transactions to let it read the positions to their end. */
    private static final Duration READ_POSITIONS = Duration.ofSeconds(30);

    private final RelayKafka kafka;
    private final SegmentRef segment;
    private final KafkaProducer<String, byte[]> producer;
    private final Map<String, PublishedPosition> positions;

    private SegmentWriter(RelayKafka kafka, SegmentRef segment, KafkaProducer<String, byte[]> producer,
                          Map<String, PublishedPosition> positions) {
        this.kafka = kafka;
        this.segment = segment;
        this.producer = producer;
        this.positions = positions;
    }

    /** @param fence whether to fence the overlapping segments' producers (not for dead-letter processing) */
    static SegmentWriter open(RelayKafka kafka, SegmentRef segment, boolean fence) {
        // only ids a producer ever initialised can have a zombie; listing them saves an InitProducerId round trip
        // per overlapping id (up to 2 * maxSegments of them, about 0.1 s each), which dominated a new owner's start
        Set<String> known = fence ? kafka.knownTransactionalIds() : Set.of();
        for (SegmentRef other : fence ? PublishedPosition.overlapping(segment, kafka.maxSegments())
                                       : List.<SegmentRef>of()) {
            if (!other.equals(segment) && (known == null || known.contains(kafka.transactionalId(other)))) {
                // the epoch bump aborts and fences whoever still writes as that segment (split or merged since)
                try (KafkaProducer<String, byte[]> fenced = kafka.transactionalProducer(other)) {
                    fenced.initTransactions();
                }
            }
        }
        KafkaProducer<String, byte[]> producer = kafka.transactionalProducer(segment);
        try {
            producer.initTransactions();
            return new SegmentWriter(kafka, segment, producer, readPositions(kafka));
        } catch (RuntimeException e) {
            producer.close(Duration.ZERO);
            throw e;
        }
    }

    /**
     * Publishes {@code pending} but the records an earlier owner already committed, and the segment's position after
     * the batch ({@code token}; none for dead-letter processing), in one transaction.
     */
    void publish(List<PendingRecord> pending, TrackingToken token) {
        producer.beginTransaction();
        try {
            for (PendingRecord record : pending) {
                if (token == null || !published(record)) {
                    producer.send(record.record());
                }
            }
            // what an earlier owner published stays said: the token store may have been behind it
            PublishedPosition position = token == null ? null
                    : PublishedPosition.of(segment, token).merge(positions.get(segment.key()));
            if (position != null) {
                producer.send(new ProducerRecord<>(kafka.positionsTopic(), 0, position.key(), position.toJson()));
            }
            producer.commitTransaction();
            if (position != null) {
                positions.put(position.key(), position);
            }
        } catch (RuntimeException e) {
            try {
                producer.abortTransaction();
            } catch (RuntimeException abortFailed) {
                e.addSuppressed(abortFailed);
            }
            throw e;
        }
    }

    private boolean published(PendingRecord record) {
        for (PublishedPosition position : positions.values()) {
            if (position.covers(record.hash(), record.index(), record.gaps())) {
                return true;
            }
        }
        return false;
    }

    /** Reads the positions topic to the end it had once this owner fenced the others, {@code read_committed}. */
    private static Map<String, PublishedPosition> readPositions(RelayKafka kafka) {
        TopicPartition partition = new TopicPartition(kafka.positionsTopic(), 0);
        long end;
        try (KafkaConsumer<String, byte[]> uncommitted = kafka.positionsConsumer(false)) {
            end = uncommitted.endOffsets(List.of(partition)).get(partition);
        }
        Map<String, PublishedPosition> positions = new HashMap<>();
        try (KafkaConsumer<String, byte[]> consumer = kafka.positionsConsumer(true)) {
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long deadline = System.nanoTime() + READ_POSITIONS.toNanos();
            while (consumer.position(partition) < end) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("The relay's positions topic [" + kafka.positionsTopic()
                                                            + "] could not be read to offset " + end + " within "
                                                            + READ_POSITIONS);
                }
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.value() != null) {
                        PublishedPosition position = PublishedPosition.parse(record.key(), record.value());
                        positions.put(position.key(), position);
                    }
                }
            }
        }
        return positions;
    }

    SegmentRef segment() {
        return segment;
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
