package dev.cairn.eventstore.mongo;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandSucceededEvent;
import dev.cairn.eventstore.mongo.internal.RawCommits;
import dev.cairn.mongo.embedded.junit.EmbeddedMongoExtension;
import dev.cairn.mongo.embedded.junit.MongoTarget;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.bson.BsonDocument;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A cursor is not a snapshot: on a real MongoDB it can pass the position of a commit inserted a moment later and
 * still return a later commit of the same aggregate. The stream looks up the gaps below every batch once more after
 * the batch has arrived, so an aggregate's events are never delivered out of order.
 */
@ExtendWith(EmbeddedMongoExtension.class)
class CausalOrderStreamingTest {

    private final AtomicReference<Runnable> afterNextFind = new AtomicReference<>();
    private MongoClient client;
    private MongoDatabase database;
    private MongoEventStorageEngine engine;

    @BeforeEach
    void setUp(MongoTarget target, MongoDatabase shared) {
        CommandListener landLateCommit = new CommandListener() {
            @Override
            public void commandSucceeded(CommandSucceededEvent event) {
                Runnable action = event.getCommandName().equals("find") ? afterNextFind.getAndSet(null) : null;
                if (action != null) {
                    action.run();
                }
            }
        };
        client = MongoClients.create(MongoClientSettings.builder()
                                                        .applyConnectionString(new ConnectionString(
                                                                target.connectionString()))
                                                        .addCommandListener(landLateCommit)
                                                        .build());
        database = client.getDatabase(shared.getName());
        engine = MongoEventStorageEngine.builder().database(database).build();
    }

    @AfterEach
    void tearDown() {
        client.close();
    }

    @Test
    void aCommitThatLandsBelowABatchWhileTheBatchIsReadIsDeliveredFirst() {
        // given event 0 of an aggregate holds index 1 but is not stored yet, and event 1 is stored at index 2
        long reserved = InFlightWriters.reserveIndexesBeforeUpgrade(database, 1);
        engine = MongoEventStorageEngine.builder().database(database).build();
        engine.appendEvents(TestEvents.deposits("acct", 1, 1));

        // and event 0 lands after the server answered the reader's query, as if the cursor had passed its position
        afterNextFind.set(() -> database.getCollection("events", BsonDocument.class).insertOne(
                RawCommits.commitAt(reserved, TestEvents.deposits("acct", 0, 1), engine.getEventSerializer())));

        // when a reader catches up
        List<? extends TrackedEventMessage<?>> read = engine.readEvents(null, false).toList();

        // then it receives the aggregate's events in order, and no gap is left behind
        assertThat(read).extracting(event -> ((DomainEventMessage<?>) event).getSequenceNumber())
                        .containsExactly(0L, 1L);
        GapAwareTrackingToken last = (GapAwareTrackingToken) read.get(1).trackingToken();
        assertThat(last.getIndex()).isEqualTo(2);
        assertThat(last.getGaps()).isEmpty();
    }

    @Test
    void aGapThatIsStillEmptyAfterTheBatchStaysAGap() {
        // given index 1 reserved by a writer that has not stored it yet, and a commit at index 2
        long reserved = InFlightWriters.reserveIndexesBeforeUpgrade(database, 1);
        engine = MongoEventStorageEngine.builder().database(database).build();
        engine.appendEvents(TestEvents.deposits("other", 0, 1));

        // when a reader catches up
        List<? extends TrackedEventMessage<?>> read = engine.readEvents(null, false).toList();

        // then the commit is delivered and index 1 is remembered as a gap
        assertThat(read).hasSize(1);
        assertThat(((GapAwareTrackingToken) read.get(0).trackingToken()).getGaps()).containsExactly(reserved);
    }
}
