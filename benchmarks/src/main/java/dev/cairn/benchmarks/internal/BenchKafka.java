package dev.cairn.benchmarks.internal;

import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The one Kafka broker of a benchmark JVM: Apache Kafka's KRaft server (a combined broker and controller) from
 * {@code kafka-test-common-runtime}, the same set-up as the relay module's test broker, started on first use on random
 * ports in a temporary folder and closed when the JVM exits. In process, like the embedded MongoDB server, so the
 * relay and its raw-producer baseline share the CPU with the broker alike.
 */
public final class BenchKafka {

    private static KafkaClusterTestKit cluster;

    private BenchKafka() {
    }

    /** @return the broker's bootstrap servers, starting it the first time */
    public static synchronized String bootstrapServers() {
        if (cluster == null) {
            // the broker's and clients' INFO lines would bury the tables; a level the user set wins
            for (String logger : new String[]{"kafka", "org.apache.kafka", "state.change.logger"}) {
                System.getProperties().putIfAbsent("org.slf4j.simpleLogger.log." + logger, "warn");
            }
            try {
                Path folder = Files.createTempDirectory("cairn-bench-kafka");
                KafkaClusterTestKit kit = new KafkaClusterTestKit.Builder(
                        new TestKitNodes.Builder().setCombined(true).setNumBrokerNodes(1).setNumControllerNodes(1)
                                                  .setBaseDirectory(folder).build())
                        .setConfigProp("offsets.topic.replication.factor", "1")
                        .setConfigProp("offsets.topic.num.partitions", "2")
                        .setConfigProp("transaction.state.log.replication.factor", "1")
                        .setConfigProp("transaction.state.log.min.isr", "1")
                        .setConfigProp("transaction.state.log.num.partitions", "2")
                        .setConfigProp("group.initial.rebalance.delay.ms", "0")
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
                }, "cairn-bench-kafka-shutdown"));
            } catch (Exception e) {
                throw new IllegalStateException("The benchmark's Kafka broker did not start", e);
            }
        }
        return cluster.bootstrapServers();
    }

    /** Stops the broker, if started; the next {@link #bootstrapServers()} starts a new one. */
    public static synchronized void stop() {
        if (cluster != null) {
            try {
                cluster.close();
            } catch (Exception e) {
                throw new IllegalStateException("The benchmark's Kafka broker did not stop", e);
            } finally {
                cluster = null;
            }
        }
    }
}
