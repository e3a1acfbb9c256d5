package dev.cairn.eventstore.mongo;

import com.mongodb.client.MongoDatabase;
import dev.cairn.mongo.embedded.junit.EmbeddedMongoExtension;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static dev.cairn.eventstore.mongo.TestEvents.deposits;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Property 5: one snapshot per aggregate, the newest; an older write never replaces a newer one.
 */
@ExtendWith(EmbeddedMongoExtension.class)
class SnapshotStorageTest {

    record AccountState(String accountId, long balanceCents, int version) {
    }

    private MongoDatabase database;
    private MongoEventStorageEngine engine;

    @BeforeEach
    void setUp(MongoDatabase database) {
        this.database = database;
        this.engine = MongoEventStorageEngine.builder().database(database).build();
    }

    @Test
    void anOlderSnapshotNeverReplacesANewerOne() {
        // given
        engine.storeSnapshot(snapshot("s", 20));

        // when a slower writer stores an older one afterwards
        engine.storeSnapshot(snapshot("s", 10));

        // then the newer one stays, and it is the only one
        assertThat(engine.readSnapshot("s")).map(DomainEventMessage::getSequenceNumber).hasValue(20L);
        assertThat(database.getCollection("snapshots").countDocuments()).isEqualTo(1);
        Document stored = database.getCollection("snapshots").find().first();
        assertThat(stored.get("payload", Document.class).get("balanceCents", Number.class).longValue())
                .isEqualTo(2000L);
    }

    @Test
    void concurrentSnapshotWritersLeaveTheNewest() throws Exception {
        // given 40 snapshots of one aggregate written concurrently in scrambled order
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<?>> writes = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            long sequence = (i * 17L) % 40;
            writes.add(pool.submit(() -> engine.storeSnapshot(snapshot("c", sequence))));
        }

        // when
        for (Future<?> write : writes) {
            write.get();
        }
        pool.shutdown();

        // then
        assertThat(engine.readSnapshot("c")).map(DomainEventMessage::getSequenceNumber).hasValue(39L);
    }

    @Test
    void loadingReadsTheSnapshotAndOnlyTheEventsAfterIt() {
        // given 50 events and a snapshot at sequence 44
        engine.appendEvents(deposits("l", 0, 50));
        engine.storeSnapshot(snapshot("l", 44));

        // when the event store loads the aggregate
        EmbeddedEventStore eventStore = EmbeddedEventStore.builder().storageEngine(engine).build();
        try {
            DomainEventStream stream = eventStore.readEvents("l");

            // then the snapshot comes first, then sequences 45..49
            List<Long> sequences = stream.asStream().map(DomainEventMessage::getSequenceNumber).toList();
            assertThat(sequences).containsExactly(44L, 45L, 46L, 47L, 48L, 49L);
        } finally {
            eventStore.shutDown();
        }
    }

    private static DomainEventMessage<AccountState> snapshot(String aggregateId, long sequence) {
        return new GenericDomainEventMessage<>("Account", aggregateId, sequence,
                                               new AccountState(aggregateId, sequence * 100, (int) sequence));
    }
}
