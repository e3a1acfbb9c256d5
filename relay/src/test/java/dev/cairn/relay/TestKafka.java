package dev.cairn.relay;

import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The one Kafka broker of this test JVM: Apache Kafka's KRaft server (a combined broker and controller) from
 * {@code kafka-test-common-runtime}, started on first use on random ports in a temporary folder and closed when the
 * JVM exits. Measured start-up on a 2-core machine: printed at start ("Kafka KRaft broker started in N ms").
 */
public final class TestKafka {

    private static KafkaClusterTestKit cluster;

    private TestKafka() {
    }

    /** @return the broker's bootstrap servers, starting it the first time */
    public static synchronized String bootstrapServers() {
        if (cluster == null) {
            long started = System.nanoTime();
            try {
                Path folder = Files.createTempDirectory("cairn-kafka");
                KafkaClusterTestKit kit = new KafkaClusterTestKit.Builder(
                        new TestKitNodes.Builder().setCombined(true).setNumBrokerNodes(1).setNumControllerNodes(1)
                                                  .setBaseDirectory(folder).build())
                        .setConfigProp("offsets.topic.replication.factor", "1")
                        .setConfigProp("offsets.topic.num.partitions", "2")
                        .setConfigProp("transaction.state.log.replication.factor", "1")
                        .setConfigProp("transaction.state.log.min.isr", "1")
                        .setConfigProp("transaction.state.log.num.partitions", "2")
                        .setConfigProp("group.initial.rebalance.delay.ms", "0")
                        // inbox nodes of the killed-node scenario end their sessions 2 s after their last heartbeat
                        .setConfigProp("group.min.session.timeout.ms", "1000")
                        .setConfigProp("num.partitions", "2")
                        .setDeleteOnClose(true)
                        .build();
                kit.format();
                kit.startup();
                kit.waitForReadyBrokers();
                cluster = kit;
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    try {
                        kit.close();
                    } catch (Exception ignored) {
                        // the JVM is exiting
                    }
                }, "cairn-test-kafka-shutdown"));
            } catch (Exception e) {
                throw new IllegalStateException("The test Kafka broker did not start", e);
            }
            System.out.printf("Kafka KRaft broker started in %d ms%n", (System.nanoTime() - started) / 1_000_000);
        }
        return cluster.bootstrapServers();
    }
}
