package dev.cairn.benchmarks.internal;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.Sorts;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.EventSourcingRepository;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.modelling.command.Aggregate;
import org.bson.BsonDocument;
import org.bson.BsonInt64;
import org.bson.BsonString;

import java.util.List;

/**
 * Stores and loads the {@link BenchOrder} aggregates of the {@code load} scenario: through an
 * {@link EventSourcingRepository} on an {@link EmbeddedEventStore} for the storage engines (snapshot first, then
 * the events after it), and with plain queries for the raw driver.
 */
public final class Loaders {

    private Loaders() {
    }

    /**
     * Where the snapshots of a stream go: every {@code snapshotEvery} events, placed so that the stream ends
     * {@code snapshotEvery - 1} events after its last snapshot, the longest tail such a snapshot interval leaves. A
     * load with snapshots then has to read that whole tail, whatever the stream's length (a stream whose length is a
     * multiple of the interval would otherwise end on a snapshot and fetch nothing).
     *
     * @param sequence      the sequence number of the event just appended, from 0
     * @param size          the length of the whole stream
     * @param snapshotEvery events between two snapshots; 0 or less for none
     * @return whether a snapshot is stored right after event {@code sequence}
     */
    public static boolean snapshotAfter(long sequence, int size, int snapshotEvery) {
        return snapshotEvery > 0 && sequence < size && (size - 1 - sequence) % snapshotEvery == snapshotEvery - 1;
    }

    /**
     * Loads aggregates through Axon's repository and counts the events read after the snapshot.
     */
    public static final class Repository implements AutoCloseable {

        private final CountingStorageEngine engine;
        private final EmbeddedEventStore eventStore;
        private final EventSourcingRepository<BenchOrder> repository;

        /**
         * @param engine the engine to store and load with; an engine ignoring snapshots loads from the first event
         */
        public Repository(EventStorageEngine engine) {
            this.engine = new CountingStorageEngine(engine);
            this.eventStore = EmbeddedEventStore.builder().storageEngine(this.engine).build();
            this.repository = EventSourcingRepository.builder(BenchOrder.class).eventStore(eventStore).build();
        }

        /**
         * Appends {@code size} events in single-event commits, storing a snapshot every {@code snapshotEvery} events
         * when it is positive, placed as {@link #snapshotAfter(long, int, int)} says.
         */
        public void store(String orderId, int size, int snapshotEvery) {
            BenchOrder state = new BenchOrder();
            for (long sequence = 0; sequence < size; sequence++) {
                List<DomainEventMessage<?>> commit = BenchEvents.commit(orderId, sequence, 1);
                engine.appendEvents(commit);
                state.apply((ItemAdded) commit.get(0).getPayload());
                if (snapshotAfter(sequence, size, snapshotEvery)) {
                    engine.storeSnapshot(new GenericDomainEventMessage<>(BenchEvents.AGGREGATE_TYPE, orderId,
                                                                         sequence, state));
                }
            }
        }

        /**
         * Loads the aggregate in a unit of work that is rolled back.
         *
         * @return the events read after the snapshot
         * @throws IllegalStateException when the loaded aggregate is not at {@code expectedVersion}
         */
        public long load(String orderId, long expectedVersion) {
            engine.takeDomainEventsRead();
            DefaultUnitOfWork<?> unitOfWork = DefaultUnitOfWork.startAndGet(null);
            try {
                Aggregate<BenchOrder> aggregate = repository.load(orderId);
                if (aggregate.version() == null || aggregate.version() != expectedVersion) {
                    throw new IllegalStateException("Aggregate [" + orderId + "] loaded at version ["
                                                            + aggregate.version() + "], expected " + expectedVersion);
                }
            } finally {
                unitOfWork.rollback();
            }
            return engine.takeDomainEventsRead();
        }

        @Override
        public void close() {
            eventStore.shutDown();
        }
    }

    /**
     * The raw driver's aggregate storage: one document per event, one snapshot document per aggregate.
     */
    public static final class Raw {

        private final MongoCollection<BsonDocument> events;
        private final MongoCollection<BsonDocument> snapshots;

        public Raw(MongoCollection<BsonDocument> events, MongoCollection<BsonDocument> snapshots) {
            this.events = events;
            this.snapshots = snapshots;
            RawEvents.createIndexes(events);
        }

        public void store(String orderId, int size, int snapshotEvery) {
            BenchOrder state = new BenchOrder();
            for (long sequence = 0; sequence < size; sequence++) {
                DomainEventMessage<?> event = BenchEvents.commit(orderId, sequence, 1).get(0);
                events.insertOne(RawEvents.document(event));
                state.apply((ItemAdded) event.getPayload());
                if (snapshotAfter(sequence, size, snapshotEvery)) {
                    BsonDocument snapshot = new BsonDocument("_id", new BsonString(orderId))
                            .append(RawEvents.SEQUENCE_NUMBER, new BsonInt64(sequence))
                            .append("state", RawEvents.toBson(state));
                    snapshots.replaceOne(Filters.eq("_id", orderId), snapshot, new ReplaceOptions().upsert(true));
                }
            }
        }

        /**
         * Reads the snapshot (ignoring it unless {@code useSnapshot}), then the events after it in sequence order,
         * applying each to the state.
         *
         * @return the events read after the snapshot
         */
        public long load(String orderId, long expectedVersion, boolean useSnapshot) {
            BsonDocument found = snapshots.find(Filters.eq("_id", orderId)).first();
            BsonDocument snapshot = useSnapshot ? found : null;
            BenchOrder state = snapshot == null
                    ? new BenchOrder() : RawEvents.fromBson(snapshot.getDocument("state"), BenchOrder.class);
            long version = snapshot == null ? -1 : snapshot.getInt64(RawEvents.SEQUENCE_NUMBER).getValue();
            long read = 0;
            for (BsonDocument event : events.find(Filters.and(Filters.eq(RawEvents.AGGREGATE_IDENTIFIER, orderId),
                                                              Filters.gt(RawEvents.SEQUENCE_NUMBER, version)))
                                            .sort(Sorts.ascending(RawEvents.SEQUENCE_NUMBER))) {
                state.apply(RawEvents.fromBson(event.getDocument(RawEvents.PAYLOAD), ItemAdded.class));
                version = event.getInt64(RawEvents.SEQUENCE_NUMBER).getValue();
                read++;
            }
            if (version != expectedVersion) {
                throw new IllegalStateException("Raw aggregate [" + orderId + "] loaded at version [" + version
                                                        + "], expected " + expectedVersion);
            }
            return read;
        }
    }
}
