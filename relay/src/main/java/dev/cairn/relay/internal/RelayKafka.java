package dev.cairn.relay.internal;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TransactionListing;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The Kafka clients of one relay: transactional producers per segment, the positions topic, and its readers.
 *
 * @param relay      the relay's name
 * @param producer   the producer properties the application gave (bootstrap servers at least)
 * @param maxSegments the most segments the relay may be split into (fencing, ADR 86)
 */
public record RelayKafka(String relay, Map<String, Object> producer, int maxSegments) {

    private static final Logger logger = LoggerFactory.getLogger(RelayKafka.class);

    public RelayKafka {
        producer = Map.copyOf(producer);
    }

    /** @return {@code cairn.relay.<relay>.positions} */
    public String positionsTopic() {
        return "cairn.relay." + relay + ".positions";
    }

    /** @return the transactional id of {@code segment}: per relay, segment id and mask */
    public String transactionalId(SegmentRef segment) {
        return "cairn-relay-" + relay + "-" + segment.id() + "-" + segment.mask();
    }

    public KafkaProducer<String, byte[]> transactionalProducer(SegmentRef segment) {
        Map<String, Object> properties = new HashMap<>();
        properties.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 15_000);
        properties.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
        properties.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        properties.putAll(producer);
        properties.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId(segment));
        properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        return new KafkaProducer<>(properties, new StringSerializer(), new ByteArraySerializer());
    }

    /** @return a consumer of the positions topic, {@code read_committed} or not */
    public KafkaConsumer<String, byte[]> positionsConsumer(boolean committed) {
        Map<String, Object> properties = new HashMap<>(clientProperties());
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, committed ? "read_committed" : "read_uncommitted");
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        return new KafkaConsumer<>(properties, new StringDeserializer(), new ByteArrayDeserializer());
    }

    /**
     * @return the transactional ids of this relay the brokers' transaction coordinators know (any state), or
     * {@code null} when they cannot say (a broker without {@code ListTransactions}, an error): then a new owner
     * fences every overlapping id. An id no producer ever initialised has no epoch to bump: no producer can commit
     * under it until one initialises it, which fences in turn (ADR 86).
     */
    public Set<String> knownTransactionalIds() {
        String prefix = "cairn-relay-" + relay + "-";
        try (Admin admin = Admin.create(clientProperties())) {
            Set<String> ids = new HashSet<>();
            for (TransactionListing listing : admin.listTransactions().all().get(30, TimeUnit.SECONDS)) {
                if (listing.transactionalId().startsWith(prefix)) {
                    ids.add(listing.transactionalId());
                }
            }
            return ids;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (Exception e) {
            logger.debug("Relay [{}] cannot list the brokers' transactional ids; fencing every overlapping one",
                         relay, e);
            return null;
        }
    }

    /** Creates the compacted positions topic unless it exists. */
    public void ensurePositionsTopic() {
        try (Admin admin = Admin.create(clientProperties())) {
            admin.createTopics(List.of(new NewTopic(positionsTopic(), 1, (short) -1)
                                               .configs(Map.of("cleanup.policy", "compact"))))
                 .all().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("Cannot create the relay's positions topic [" + positionsTopic()
                                                        + "]: " + e.getCause().getMessage(), e.getCause());
            }
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException("Cannot create the relay's positions topic [" + positionsTopic() + "]: "
                                                    + e, e);
        }
    }

    /** @return the connection properties of the producer's (bootstrap servers, security), for other clients */
    private Map<String, Object> clientProperties() {
        Map<String, Object> properties = new HashMap<>();
        producer.forEach((key, value) -> {
            if (key.startsWith("bootstrap.") || key.startsWith("security.") || key.startsWith("sasl.")
                    || key.startsWith("ssl.") || key.equals("client.dns.lookup")) {
                properties.put(key, value);
            }
        });
        // as long as the producer may block: an unreachable broker is reported as soon as by the producer
        int block = Integer.parseInt(String.valueOf(producer.getOrDefault(ProducerConfig.MAX_BLOCK_MS_CONFIG, 15_000)));
        properties.put("request.timeout.ms", Math.min(10_000, block));
        properties.put("default.api.timeout.ms", block);
        return properties;
    }
}
