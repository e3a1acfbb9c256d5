package com.example.relay;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Reads a whole topic as a {@code read_committed} (or {@code read_uncommitted}) consumer would. */
public final class RelayReader {

    private RelayReader() {
    }

    /** @return every record of {@code topic} up to its end, waiting until at least {@code expected} arrived */
    public static List<ConsumerRecord<String, byte[]>> readAll(String servers, String topic, boolean committed,
                                                               int expected, Duration timeout) {
        Map<String, Object> properties = Map.of("bootstrap.servers", servers, "isolation.level",
                                                committed ? "read_committed" : "read_uncommitted",
                                                "enable.auto.commit", false);
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(properties, new StringDeserializer(),
                                                                          new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (PartitionInfo info : consumer.partitionsFor(topic, Duration.ofSeconds(10))) {
                partitions.add(new TopicPartition(topic, info.partition()));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
                Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
                boolean atEnd = partitions.stream().allMatch(p -> consumer.position(p) >= ends.get(p));
                if (atEnd && records.size() >= expected) {
                    // one more poll: nothing is left behind the end we saw
                    consumer.poll(Duration.ofMillis(300)).forEach(records::add);
                    break;
                }
            }
        }
        return records;
    }
}
