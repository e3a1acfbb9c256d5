package dev.cairn.sagas.internal;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import dev.cairn.eventstore.mongo.support.CairnCollections;
import dev.cairn.mongo.embedded.junit.EmbeddedMongoExtension;
import dev.cairn.processing.Lease;
import dev.cairn.processing.LeaseClock;
import org.bson.BsonArray;
import org.bson.BsonDateTime;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonInt64;
import org.bson.BsonString;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A parked saga's retry belongs to one node at a time (ADR 51): its claim is a {@link Lease} on the database's clock;
 * while it lasts no other node claims the saga, and a node paused past it finds every later write refused once another
 * node took over. Each node claims as a round of {@link SagaRetrier} does.
 */
@ExtendWith(EmbeddedMongoExtension.class)
class ParkedSagaLeaseTest {

    private static final Duration SHORT = Duration.ofMillis(300);
    private static final Duration LONG = Duration.ofSeconds(30);
    private static final String SAGA = "s-1";
    private static final List<String> TYPES = List.of("com.example.LedgerSaga");

    private final MongoCollection<BsonDocument> parked;

    ParkedSagaLeaseTest(MongoDatabase database) {
        this.parked = database.getCollection(CairnCollections.PARKED_SAGA_EVENTS, BsonDocument.class);
    }

    @BeforeEach
    void oneSagaDueWithThreeEvents() {
        BsonArray events = new BsonArray();
        IntStream.rangeClosed(1, 3).forEach(i -> events.add(new BsonDocument("identifier", new BsonString("e-" + i))));
        parked.insertOne(new BsonDocument("_id", new BsonString(SAGA)).append("format", new BsonInt32(1))
                                 .append("sagaType", new BsonString(TYPES.get(0)))
                                 .append("status", new BsonString("RETRYING"))
                                 .append("dueAt", new BsonDateTime(Instant.now().minusSeconds(7200).toEpochMilli()))
                                 .append("attempts", new BsonInt32(1)).append("version", new BsonInt64(0))
                                 .append("events", events));
    }

    private ParkedSagaStore store(Duration lease) {
        return new ParkedSagaStore(parked, Lease.of(ParkedSagaDocuments.LEASE, lease, LeaseClock.database()), true);
    }

    /** @return whether {@code node} claimed the saga in one round */
    private boolean claimDue(ParkedSagaStore store, String node) {
        List<BsonDocument> due = store.due(TYPES, Instant.now(), 10);
        return !due.isEmpty() && store.claim(due.get(0), Instant.now(), node);
    }

    @Test
    void whileANodeHoldsASagasRetryNoOtherNodeClaimsIt() {
        // Given node A holds the saga's retry under a 30 s lease
        ParkedSagaStore a = store(LONG);
        ParkedSagaStore b = store(LONG);
        assertThat(claimDue(a, "node-a")).isTrue();

        // When node B looks for due sagas and tries the document as it was before A's claim
        // Then it finds none, cannot claim, and A goes on through the events
        assertThat(b.due(TYPES, Instant.now(), 10)).isEmpty();
        assertThat(claimDue(b, "node-b")).isFalse();
        assertThat(a.ran(SAGA, "node-a")).isTrue();
        assertThat(b.ran(SAGA, "node-b")).isFalse();
        assertThat(ParkedSagaDocuments.events(a.held(SAGA, "node-a"))).hasSize(2);
    }

    @Test
    void aNodePausedPastItsLeaseFindsItsNextWritesRefused() throws Exception {
        // Given node A held the retry under a 300 ms lease and paused past it
        ParkedSagaStore a = store(SHORT);
        ParkedSagaStore b = store(SHORT);
        assertThat(claimDue(a, "node-a")).isTrue();
        Thread.sleep(SHORT.multipliedBy(3).toMillis());

        // When node B takes the retry over
        assertThat(claimDue(b, "node-b")).isTrue();

        // Then every write of A is refused, and the saga's events are B's to run
        assertThat(a.held(SAGA, "node-a")).isNull();
        assertThat(a.ran(SAGA, "node-a")).isFalse();
        a.failed(SAGA, "node-a", 2, Instant.now(), null, "late");
        assertThat(parked.find().first().getString("status").getValue()).isEqualTo("RUNNING");
        assertThat(parked.find().first().getString("owner").getValue()).isEqualTo("node-b");
        assertThat(b.ran(SAGA, "node-b")).isTrue();
        assertThat(ParkedSagaDocuments.events(b.held(SAGA, "node-b"))).hasSize(2);
    }

    @Test
    void ofEightNodesRacingForOneSagaExactlyOneClaimsIt() throws Exception {
        // Given eight nodes that read the due saga at the same moment
        CountDownLatch ready = new CountDownLatch(8);
        ExecutorService executor = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Boolean>> nodes = IntStream.range(0, 8).<Callable<Boolean>>mapToObj(i -> () -> {
                ParkedSagaStore store = store(LONG);
                BsonDocument read = store.due(TYPES, Instant.now(), 10).get(0);
                ready.countDown();
                ready.await();
                return store.claim(read, Instant.now(), "node-" + i);
            }).toList();

            // When they all claim it
            List<Future<Boolean>> claims = executor.invokeAll(nodes);

            // Then exactly one holds it
            long won = 0;
            for (Future<Boolean> claim : claims) {
                won += claim.get() ? 1 : 0;
            }
            assertThat(won).isOne();
        } finally {
            executor.shutdownNow();
        }
    }

    @Test
    void aSagaIsFinishedOnlyWhenNoEventWaitsAnyMore() {
        // Given node A ran two of the three events
        ParkedSagaStore a = store(LONG);
        assertThat(claimDue(a, "node-a")).isTrue();
        assertThat(a.ran(SAGA, "node-a")).isTrue();
        assertThat(a.ran(SAGA, "node-a")).isTrue();

        // When it tries to finish while one event waits, then after running it
        boolean early = a.finish(SAGA, "node-a");
        assertThat(a.ran(SAGA, "node-a")).isTrue();
        boolean done = a.finish(SAGA, "node-a");

        // Then only the second removes the saga's document
        assertThat(early).isFalse();
        assertThat(done).isTrue();
        assertThat(a.holds(SAGA)).isFalse();
    }
}
