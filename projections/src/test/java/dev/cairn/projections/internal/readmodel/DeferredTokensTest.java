package dev.cairn.projections.internal.readmodel;

import com.mongodb.client.MongoDatabase;
import dev.cairn.mongo.embedded.junit.EmbeddedMongoExtension;
import dev.cairn.processing.AdvancingTokenStore;
import dev.cairn.projections.MongoSequencedDeadLetterQueue;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.Segment;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.tokenstore.inmemory.InMemoryTokenStore;
import org.axonframework.messaging.deadletter.GenericDeadLetter;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.bson.BsonDocument;
import org.bson.BsonString;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

/**
 * Which batches a projection's token store lets defer their token (ADR 90): only a batch, in its unit of work, that
 * made no read-model write, parked no event and registered no barrier action. A reset's tokens, outside any batch, are
 * always stored at once.
 */
@ExtendWith(EmbeddedMongoExtension.class)
class DeferredTokensTest {

    private static final String PROCESSOR = "balances";

    private final MongoDatabase database;
    private final InMemoryTokenStore stored = new InMemoryTokenStore();
    private FlushingTokenStore tokens;

    DeferredTokensTest(MongoDatabase database) {
        this.database = database;
    }

    @BeforeEach
    void segmentFetchedAtFive() {
        database.getCollection("balances").deleteMany(new Document());
        database.getCollection("cairn_dead_letters").deleteMany(new Document());
        stored.initializeTokenSegments(PROCESSOR, 1, token(5));
        AdvancingTokenStore advancing = AdvancingTokenStore.builder().delegate(stored)
                                                           .processors(name -> Optional.of(
                                                                   mock(StreamingEventProcessor.class)))
                                                           .deferTokensWithin(Duration.ofHours(1))
                                                           .build();
        tokens = new FlushingTokenStore(advancing, stored, UnaryOperator.identity());
        tokens.fetchToken(PROCESSOR, Segment.ROOT_SEGMENT);
    }

    @Test
    void aBatchThatChangedNothingLeavesItsTokenForLater() {
        // When a batch whose handlers wrote nothing stores its token
        batch(u -> {
        });

        // Then the stored token stays where it was
        assertThat(stored.fetchToken(PROCESSOR, 0)).isEqualTo(token(5));
    }

    @Test
    void aBatchThatWroteTheReadModelStoresItsTokenAtOnce() {
        // When a batch with a read-model write stores its token
        batch(u -> WriteBatch.add(database.getCollection("balances"),
                                  new WriteBatch.Write("a-1", "event-6", "Deposited", new BsonString("event-6"), 6,
                                                       "a-1".hashCode(),
                                                       new BsonDocument("$inc", new BsonDocument(
                                                               "balance", new org.bson.BsonInt32(10))))));

        // Then the token follows the write at once
        assertThat(stored.fetchToken(PROCESSOR, 0)).isEqualTo(token(6));
        assertThat(database.getCollection("balances").find(new Document("_id", "a-1")).first())
                .containsEntry("balance", 10);
    }

    @Test
    void aBatchThatParkedAnEventStoresItsTokenAtOnce() {
        // Given the projection's dead-letter queue
        MongoSequencedDeadLetterQueue<EventMessage<?>> queue =
                MongoSequencedDeadLetterQueue.<EventMessage<?>>builder().processingGroup(PROCESSOR)
                                             .database(database).build();

        // When a batch parks an event and stores its token
        batch(u -> queue.enqueue("a-1", new GenericDeadLetter<>("a-1", GenericEventMessage.asEventMessage("x"))));

        // Then the token is stored at once: deferred, a crash would park the redelivered event a second time
        assertThat(stored.fetchToken(PROCESSOR, 0)).isEqualTo(token(6));
    }

    @Test
    void aBatchWithABarrierActionStoresItsTokenAtOnce() {
        // When a batch registers an external write that must be durable before its token (a relay's commit)
        batch(u -> TokenBarrier.register("commit", (token, segment) -> {
        }));

        // Then the token is stored at once
        assertThat(stored.fetchToken(PROCESSOR, 0)).isEqualTo(token(6));
    }

    @Test
    void aTokenStoredOutsideABatchIsStoredAtOnce() {
        // When a token is stored with no unit of work running (a reset's replay tokens)
        tokens.storeToken(token(9), PROCESSOR, 0);

        // Then it is written at once
        assertThat(stored.fetchToken(PROCESSOR, 0)).isEqualTo(token(9));
    }

    /** Runs one batch as Axon's pooled processor does: its token asked for first, at prepare commit, as position 6. */
    private void batch(Consumer<UnitOfWork<?>> handlers) {
        UnitOfWork<?> batch = DefaultUnitOfWork.startAndGet(GenericEventMessage.asEventMessage("event"));
        batch.onPrepareCommit(u -> tokens.storeToken(token(6), PROCESSOR, 0));
        handlers.accept(batch);
        batch.commit();
    }

    private static TrackingToken token(long position) {
        return GapAwareTrackingToken.newInstance(position, List.of());
    }
}
