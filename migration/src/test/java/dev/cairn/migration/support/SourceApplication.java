package dev.cairn.migration.support;

import com.example.migration.Ledger;
import com.mongodb.client.MongoClient;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.axonframework.eventhandling.TrackingEventProcessorConfiguration;
import org.axonframework.eventhandling.SimpleEventHandlerInvoker;
import org.axonframework.eventsourcing.AggregateSnapshotter;
import org.axonframework.eventsourcing.EventCountSnapshotTriggerDefinition;
import org.axonframework.eventsourcing.EventSourcingRepository;
import org.axonframework.eventsourcing.GenericAggregateFactory;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.extensions.mongo.DefaultMongoTemplate;
import org.axonframework.extensions.mongo.eventsourcing.eventstore.MongoEventStorageEngine;
import org.axonframework.extensions.mongo.eventsourcing.tokenstore.MongoTokenStore;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.correlation.MessageOriginProvider;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.serialization.Serializer;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;

/**
 * An application on Axon's Mongo extension (axon-mongo 4.12, document per event, the extension's default collections),
 * the source of the migration tests: ledgers written through an event-sourcing repository with a snapshot every
 * {@code snapshotEvery} events, and optionally a tracking processor storing its token in the extension's token store.
 */
public final class SourceApplication implements AutoCloseable {

    private final MongoEventStorageEngine engine;
    private final EmbeddedEventStore eventStore;
    private final EventSourcingRepository<Ledger> repository;
    private final MongoTokenStore tokenStore;
    private final Serializer serializer;
    private TrackingEventProcessor processor;

    public SourceApplication(MongoClient client, String database, Serializer serializer, int snapshotEvery) {
        this.serializer = serializer;
        DefaultMongoTemplate template = DefaultMongoTemplate.builder().mongoDatabase(client, database).build();
        this.engine = MongoEventStorageEngine.builder().mongoTemplate(template).eventSerializer(serializer)
                                             .snapshotSerializer(serializer).build();
        this.eventStore = EmbeddedEventStore.builder().storageEngine(engine).build();
        AggregateSnapshotter snapshotter = AggregateSnapshotter.builder().eventStore(eventStore)
                                                               .aggregateFactories(new GenericAggregateFactory<>(
                                                                       Ledger.class))
                                                               .build();
        this.repository = EventSourcingRepository.builder(Ledger.class).eventStore(eventStore)
                                                 .snapshotTriggerDefinition(new EventCountSnapshotTriggerDefinition(
                                                         snapshotter, snapshotEvery))
                                                 .build();
        this.tokenStore = MongoTokenStore.builder().mongoTemplate(template).serializer(serializer).build();
    }

    public MongoEventStorageEngine engine() {
        return engine;
    }

    /**
     * Opens {@code ledgers} ledgers and books {@code events - ledgers} entries on them, a few per unit of work, in a
     * seeded random order (many events share a millisecond across ledgers).
     *
     * @return the ledger identifiers
     */
    public List<String> write(String prefix, int ledgers, int events, long seed) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < ledgers; i++) {
            String id = prefix + "-" + i;
            ids.add(id);
            inUnitOfWork(() -> {
                try {
                    repository.newInstance(() -> new Ledger(id, "owner of " + id));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
        }
        book(ids, events - ledgers, seed);
        return ids;
    }

    /** Books {@code entries} more entries on {@code ids}, up to four per unit of work. */
    public void book(List<String> ids, int entries, long seed) {
        Random random = new Random(seed);
        int left = entries;
        while (left > 0) {
            String id = ids.get(random.nextInt(ids.size()));
            int count = Math.min(left, 1 + random.nextInt(4));
            left -= count;
            inUnitOfWork(() -> repository.load(id).execute(ledger -> {
                for (int i = 0; i < count; i++) {
                    // cents that a double cannot keep: 12.50 must come back as 12.50
                    ledger.book(new BigDecimal(random.nextInt(10_000)).movePointLeft(2), "note " + random.nextInt());
                }
            }));
        }
    }

    /** @return the state of ledger {@code id} as this application loads it */
    public String state(String id) {
        String[] state = new String[1];
        inUnitOfWork(() -> repository.load(id).execute(ledger -> state[0] = ledger.state()));
        return state[0];
    }

    /**
     * Starts a tracking processor named {@code name} (one segment, token in the extension's store) calling
     * {@code handler} with every event identifier.
     */
    public void startProcessor(String name, Consumer<String> handler) {
        Object listener = new Object() {
            @EventHandler
            void on(Object payload, org.axonframework.eventhandling.EventMessage<?> message) {
                handler.accept(message.getIdentifier());
            }
        };
        processor = TrackingEventProcessor.builder().name(name)
                                          .eventHandlerInvoker(SimpleEventHandlerInvoker.builder()
                                                                                        .eventHandlers(listener)
                                                                                        .build())
                                          .messageSource(eventStore).tokenStore(tokenStore)
                                          .transactionManager(org.axonframework.common.transaction.NoTransactionManager.INSTANCE)
                                          .trackingEventProcessorConfiguration(
                                                  TrackingEventProcessorConfiguration.forSingleThreadedProcessing()
                                                                                     .andBatchSize(10))
                                          .build();
        processor.start();
    }

    public void stopProcessor() {
        if (processor != null) {
            processor.shutDown();
            processor = null;
        }
    }

    public Serializer serializer() {
        return serializer;
    }

    private static void inUnitOfWork(Runnable task) {
        DefaultUnitOfWork<?> unitOfWork = DefaultUnitOfWork.startAndGet(
                GenericCommandMessage.asCommandMessage("migration-test").andMetaData(Map.of("tenant", "t-1")));
        unitOfWork.registerCorrelationDataProvider(new MessageOriginProvider());
        unitOfWork.execute(task);
    }

    @Override
    public void close() {
        stopProcessor();
        eventStore.shutDown();
    }
}
