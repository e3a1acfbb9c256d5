package dev.cairn.migration.support;

import com.example.migration.Ledger;
import com.mongodb.client.MongoDatabase;
import dev.cairn.eventstore.mongo.AllowedTypes;
import dev.cairn.eventstore.mongo.CairnSerializers;
import dev.cairn.eventstore.mongo.MongoEventStorageEngine;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.eventsourcing.AggregateSnapshotter;
import org.axonframework.eventsourcing.EventCountSnapshotTriggerDefinition;
import org.axonframework.eventsourcing.EventSourcingRepository;
import org.axonframework.eventsourcing.GenericAggregateFactory;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.serialization.Serializer;

import java.math.BigDecimal;
import java.util.List;

/**
 * The same application on Cairn's event store after the migration: the ledgers loaded through Axon's
 * event-sourcing repository from Cairn's engine (snapshot plus the events after it).
 */
public final class TargetApplication implements AutoCloseable {

    private final MongoEventStorageEngine engine;
    private final EmbeddedEventStore eventStore;
    private final EventSourcingRepository<Ledger> repository;

    public TargetApplication(MongoDatabase database) {
        this(database, CairnSerializers.defaultSerializer());
    }

    public TargetApplication(MongoDatabase database, Serializer serializer) {
        this.engine = MongoEventStorageEngine.builder().database(database)
                                             .eventSerializer(serializer).snapshotSerializer(serializer)
                                             .allowedTypes(AllowedTypes.cairnDefaults()
                                                                       .withPackages(List.of("com.example.migration")))
                                             .build();
        this.eventStore = EmbeddedEventStore.builder().storageEngine(engine).build();
        AggregateSnapshotter snapshotter = AggregateSnapshotter.builder().eventStore(eventStore)
                                                               .aggregateFactories(new GenericAggregateFactory<>(
                                                                       Ledger.class))
                                                               .build();
        this.repository = EventSourcingRepository.builder(Ledger.class).eventStore(eventStore)
                                                 .snapshotTriggerDefinition(new EventCountSnapshotTriggerDefinition(
                                                         snapshotter, 1_000_000))
                                                 .build();
    }

    public MongoEventStorageEngine engine() {
        return engine;
    }

    public EventStore eventStore() {
        return eventStore;
    }

    public String state(String id) {
        String[] state = new String[1];
        inUnitOfWork(() -> repository.load(id).execute(ledger -> state[0] = ledger.state()));
        return state[0];
    }

    public void book(String id, BigDecimal amount, String note) {
        inUnitOfWork(() -> repository.load(id).execute(ledger -> ledger.book(amount, note)));
    }

    private static void inUnitOfWork(Runnable task) {
        DefaultUnitOfWork.startAndGet(GenericCommandMessage.asCommandMessage("after-migration")).execute(task);
    }

    @Override
    public void close() {
        eventStore.shutDown();
    }
}
