package dev.cairn.relay;

import dev.cairn.aggregates.CairnExtension;
import dev.cairn.aggregates.CairnSetup;
import dev.cairn.eventstore.mongo.CairnSerializers;
import dev.cairn.eventstore.mongo.support.CairnCollections;
import dev.cairn.processing.InitialPosition;
import dev.cairn.processing.MongoTokenStore;
import dev.cairn.projections.CairnProjections;
import dev.cairn.relay.internal.EventRecords;
import dev.cairn.relay.internal.RelayHeaders;
import dev.cairn.relay.internal.RelayKafka;
import dev.cairn.relay.internal.RelayPublisher;
import dev.cairn.relay.internal.RelayRegistry;
import dev.cairn.relay.internal.SegmentWriters;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.Segment;
import org.axonframework.lifecycle.Phase;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.regex.Pattern;

import static org.axonframework.common.BuilderUtils.assertNonNull;
import static org.axonframework.common.BuilderUtils.assertThat;

/**
 * Publishes selected events of the event store to Kafka, exactly once for {@code read_committed} consumers (ADR 86).
 * <pre>
 * KafkaRelay relay = KafkaRelay.builder()
 *         .name("bank")
 *         .producerProperties(Map.of("bootstrap.servers", "localhost:9092"))
 *         .route(Bank.MoneyDeposited.class, "bank.deposits")
 *         .build();
 * try (CairnApplication app = Cairn.builder().database(database).aggregate(Account.class)
 *                                  .extension(relay.extension()).start()) {
 *     ...
 *     relay.awaitPublished(app.lastAppendedPosition().getAsLong(), Duration.ofSeconds(10));
 * }
 * </pre>
 * The relay is a processor named {@code relay-<name>} on Cairn's projection machinery: claims, segments, status,
 * pause and dead letters work as for projections. Each selected event becomes a record: key = aggregate identifier,
 * value = payload as JSON, headers {@link #HEADER_EVENT_ID} and the others below, {@code traceparent} and
 * {@code tracestate} when the event carries them. Each batch of a segment is one Kafka transaction holding its records
 * and the segment's position in the compacted topic {@code cairn.relay.<name>.positions}; a new owner of a segment
 * fences the producers of every overlapping segment and skips what the positions say was published. A
 * {@code read_uncommitted} consumer may see the records of aborted transactions: a batch again after a crash.
 * <p>
 * Defaults: 2 segments, at most 16 after splits, batches of 100 events, from the start of the event store, payloads
 * written by Cairn's JSON object mapper; producer properties {@code max.block.ms} 15 s, {@code delivery.timeout.ms}
 * 30 s, {@code request.timeout.ms} 10 s unless given (idempotence, {@code acks=all} and the transactional id are
 * always set by the relay).
 */
public final class KafkaRelay {

    public static final String HEADER_EVENT_ID = RelayHeaders.EVENT_ID;
    public static final String HEADER_PAYLOAD_TYPE = RelayHeaders.PAYLOAD_TYPE;
    public static final String HEADER_PAYLOAD_REVISION = RelayHeaders.PAYLOAD_REVISION;
    public static final String HEADER_AGGREGATE_TYPE = RelayHeaders.AGGREGATE_TYPE;
    public static final String HEADER_AGGREGATE_SEQUENCE = RelayHeaders.AGGREGATE_SEQUENCE;
    public static final String HEADER_GLOBAL_POSITION = RelayHeaders.POSITION;
    public static final String HEADER_TIMESTAMP = RelayHeaders.TIMESTAMP;
    public static final String HEADER_TRACEPARENT = RelayHeaders.TRACEPARENT;

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]+");

    private final String name;
    private final List<RelayRoute> routes;
    private final SegmentWriters writers;
    private final CairnProjections projections;
    private volatile RelayMonitor monitor;

    private KafkaRelay(Builder builder) {
        builder.validate();
        this.name = builder.name;
        this.routes = List.copyOf(builder.routes);
        RelayKafka kafka = new RelayKafka(name, builder.producer, builder.maxSegments);
        this.writers = new SegmentWriters(kafka, this::segment);
        RelayPublisher publisher = new RelayPublisher(name, routes, new EventRecords(builder.objectMapper), writers);
        CairnProjections.Builder processor = CairnProjections.builder().projection(
                processorName(), publisher, o -> o.segments(builder.segments).batchSize(builder.batchSize)
                                                  .initialPosition(builder.initialPosition));
        builder.tokenStoreCustomizations.forEach(processor::tokenStore);
        this.projections = processor.build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** @return the relay's name */
    public String name() {
        return name;
    }

    /** @return its processor's name: {@code relay-<name>} */
    public String processorName() {
        return "relay-" + name;
    }

    /** @return its routes, in the order they are tried */
    public List<RelayRoute> routes() {
        return routes;
    }

    /** @return the extension to pass to the Cairn builder's {@code extension(...)} */
    public CairnExtension extension() {
        CairnExtension delegate = projections.extension();
        return new CairnExtension() {
            @Override
            public void configure(CairnSetup setup) {
                delegate.configure(setup);
                RelayRegistry registry = new RelayRegistry(setup.database());
                writers.attach(registry);
                setup.configurer().onStart(Phase.INSTRUCTION_COMPONENTS, () -> registry.register(
                        name, processorName(), routes.stream().map(RelayRoute::topic).distinct().toList()));
                // after the processor stopped: no batch is publishing any more
                setup.configurer().onShutdown(Phase.INBOUND_EVENT_CONNECTORS - 100, writers::close);
                setup.configurer().onInitialize(configuration -> monitor = new RelayMonitor(
                        setup.database(), processor -> projections.status(processorName())));
            }

            @Override
            public CairnCollections collections(CairnCollections collections) {
                return delegate.collections(collections);
            }
        };
    }

    /**
     * @return where the relay stands: position, lag in events and time, dead letters, last error (this process's
     * processor error included)
     */
    public RelayStatus status() {
        RelayMonitor current = monitor;
        if (current == null) {
            throw new IllegalStateException("The application with relay [" + name + "] is not started yet");
        }
        return current.status(name);
    }

    /**
     * Waits until the relay has published every selected event up to global {@code position}, at most
     * {@code timeout}.
     *
     * @return {@code true} when published, {@code false} when the timeout passed first
     */
    public boolean awaitPublished(long position, Duration timeout) throws InterruptedException {
        return projections.awaitCaughtUp(processorName(), position, timeout);
    }

    /** Pauses the relay on every node, as {@link CairnProjections#pause} does. */
    public void pause() {
        projections.pause(processorName());
    }

    /** Resumes the relay on every node. */
    public void resume() {
        projections.resume(processorName());
    }

    /**
     * Publishes the parked events again (after the payload was made serializable), each in its own transaction.
     *
     * @return the number of aggregates' sequences published
     */
    public int retryDeadLetters() {
        return projections.retryDeadLetters(processorName());
    }

    /** @return the segment with its mask that this process's relay processor works on as {@code segmentId} */
    private Segment segment(int segmentId) {
        EventTrackerStatus status = projections.processor(processorName())
                                               .map(p -> p.processingStatus().get(segmentId)).orElse(null);
        if (status != null) {
            return status.getSegment();
        }
        return Segment.computeSegment(segmentId, projections.tokenStore().fetchSegments(processorName()));
    }

    /**
     * Builds a {@link KafkaRelay}. Setters fail fast; {@link #build()} checks a name, producer properties with
     * {@code bootstrap.servers} and at least one route.
     */
    public static final class Builder {

        private String name;
        private final Map<String, Object> producer = new LinkedHashMap<>();
        private final List<RelayRoute> routes = new ArrayList<>();
        private int segments = 2;
        private int maxSegments = 16;
        private int batchSize = 100;
        private InitialPosition initialPosition = InitialPosition.TAIL;
        private com.fasterxml.jackson.databind.ObjectMapper objectMapper = CairnSerializers.objectMapper();
        private final List<Consumer<MongoTokenStore.Builder>> tokenStoreCustomizations = new ArrayList<>();

        /** Adjusts the relay processor's token store (claim timeout, node id, collection), as for projections. */
        public Builder tokenStore(Consumer<MongoTokenStore.Builder> customization) {
            assertNonNull(customization, "The token store customization may not be null");
            tokenStoreCustomizations.add(customization);
            return this;
        }

        /** The relay's name: letters, digits, {@code . _ -}; it names its processor and positions topic. */
        public Builder name(String name) {
            assertNonNull(name, "The relay name may not be null");
            assertThat(name, n -> NAME.matcher(n).matches(),
                       "The relay name [" + name + "] may hold only letters, digits, '.', '_' and '-'");
            this.name = name;
            return this;
        }

        /** Kafka producer properties; {@code bootstrap.servers} is required. */
        public Builder producerProperties(Map<String, ?> properties) {
            assertNonNull(properties, "The producer properties may not be null");
            properties.forEach((key, value) -> {
                assertNonNull(value, "The producer property [" + key + "] may not be null");
                producer.put(key, value);
            });
            return this;
        }

        /** Publishes the events whose payload is a {@code payloadType} (or subtype) to {@code topic}. */
        public Builder route(Class<?> payloadType, String topic) {
            assertNonNull(payloadType, "The routed payload type may not be null");
            return route(payloadType.getName(), event -> payloadType.isAssignableFrom(event.getPayloadType()), topic);
        }

        /** Publishes the events {@code selects} accepts to {@code topic}; {@code description} names the route. */
        public Builder route(String description, Predicate<EventMessage<?>> selects, String topic) {
            assertNonNull(description, "The route description may not be null");
            assertNonNull(selects, "The route predicate may not be null");
            assertNonNull(topic, "The topic of route [" + description + "] may not be null");
            assertThat(topic, t -> !t.isBlank() && !t.startsWith("cairn.relay."),
                       "The topic [" + topic + "] of route [" + description + "] is blank or a relay's own");
            routes.add(new RelayRoute(description, selects, topic));
            return this;
        }

        /** Segments the processor starts with (default 2); at most {@link #maxSegments}. */
        public Builder segments(int segments) {
            assertThat(segments, s -> s >= 1, "A relay needs at least one segment, not " + segments);
            this.segments = segments;
            return this;
        }

        /**
         * The most segments the relay may ever be split into (a power of two, default 16): a new owner of a segment
         * fences the producers of every segment overlapping its own under this count (ADR 86).
         */
        public Builder maxSegments(int maxSegments) {
            assertThat(maxSegments, m -> m >= 1 && Integer.bitCount(m) == 1,
                       "The most segments of a relay must be a power of two, not " + maxSegments);
            this.maxSegments = maxSegments;
            return this;
        }

        /** Events per batch, that is per Kafka transaction (default 100). */
        public Builder batchSize(int batchSize) {
            assertThat(batchSize, b -> b >= 1, "A relay's batch size must be positive, not " + batchSize);
            this.batchSize = batchSize;
            return this;
        }

        /** Where the relay starts the first time (default {@link InitialPosition#TAIL}: every stored event). */
        public Builder initialPosition(InitialPosition initialPosition) {
            assertNonNull(initialPosition, "The initial position may not be null");
            this.initialPosition = initialPosition;
            return this;
        }

        /** The object mapper writing payloads as JSON (default Cairn's). */
        public Builder objectMapper(com.fasterxml.jackson.databind.ObjectMapper objectMapper) {
            assertNonNull(objectMapper, "The object mapper may not be null");
            this.objectMapper = objectMapper;
            return this;
        }

        public KafkaRelay build() {
            return new KafkaRelay(this);
        }

        private void validate() {
            assertNonNull(name, "A relay needs a name");
            assertThat(producer, p -> p.containsKey("bootstrap.servers"),
                       "Relay [" + name + "] needs the producer property bootstrap.servers");
            assertThat(routes, r -> !r.isEmpty(), "Relay [" + name + "] needs at least one route");
            assertThat(segments, s -> s <= maxSegments, "Relay [" + name + "] starts with " + segments
                    + " segments, more than its most segments " + maxSegments);
        }
    }
}
