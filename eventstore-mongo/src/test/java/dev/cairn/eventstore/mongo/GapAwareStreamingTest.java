package dev.cairn.eventstore.mongo;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import dev.cairn.eventstore.mongo.internal.RawCommits;
import dev.cairn.mongo.embedded.junit.EmbeddedMongoExtension;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.bson.BsonDocument;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static dev.cairn.eventstore.mongo.TestEvents.deposited;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Property 3: a global index that was reserved (by a writer of an earlier version, which allocated from a counter) but
 * is not yet visible is tracked as a gap and delivered, once, when
 * its commit appears; it is given up only after the gap timeout, measured on the reader's clock.
 */
@ExtendWith(EmbeddedMongoExtension.class)
class GapAwareStreamingTest {

    private final AtomicLong readerClock = new AtomicLong();
    private MongoDatabase database;
    private MongoEventStorageEngine engine;

    @BeforeEach
    void setUp(MongoDatabase database) {
        this.database = database;
        this.engine = engine();
    }

    private MongoEventStorageEngine engine() {
        return MongoEventStorageEngine.builder().database(database)
                                      .gapTimeout(Duration.ofSeconds(10))
                                      .gapClock(readerClock::get)
                                      .build();
    }

    @Test
    void aCommitThatBecomesVisibleLateIsDeliveredExactlyOnce() {
        // given a slow writer that reserved index 1 but has not inserted yet, and a fast writer at index 2
        long reserved = InFlightWriters.reserveIndexesBeforeUpgrade(database, 1);
        engine = engine();
        engine.appendEvents(deposited("fast", 0));

        // when a reader catches up
        List<? extends TrackedEventMessage<?>> first = engine.readEvents(null, false).toList();

        // then it has the fast event and remembers index 1 as a gap
        assertThat(first).extracting(e -> ((org.axonframework.eventhandling.DomainEventMessage<?>) e)
                .getAggregateIdentifier()).containsExactly("fast");
        GapAwareTrackingToken token = (GapAwareTrackingToken) first.get(0).trackingToken();
        assertThat(token.getIndex()).isEqualTo(reserved + 1);
        assertThat(token.getGaps()).containsExactly(reserved);

        // when the slow commit lands and the reader continues from its token
        insertLateCommit(reserved, deposited("slow", 0));
        List<? extends TrackedEventMessage<?>> second = engine.readEvents(token, false).toList();

        // then exactly the late event is delivered, and the gap is closed
        assertThat(second).hasSize(1);
        assertThat(((org.axonframework.eventhandling.DomainEventMessage<?>) second.get(0)).getAggregateIdentifier())
                .isEqualTo("slow");
        GapAwareTrackingToken after = (GapAwareTrackingToken) second.get(0).trackingToken();
        assertThat(after.getGaps()).isEmpty();
        assertThat(after.getIndex()).isEqualTo(reserved + 1);
        assertThat(engine.readEvents(after, false).count()).isZero();
    }

    @Test
    void aGapIsKeptUntilTheTimeoutPassesOnTheReadersClock() {
        // given an abandoned reservation at index 1 and events after it
        long reserved = InFlightWriters.reserveIndexesBeforeUpgrade(database, 1);
        engine = engine();
        engine.appendEvents(deposited("x", 0));
        TrackingToken token = engine.readEvents(null, false).toList().get(0).trackingToken();

        // when 9 seconds pass on the reader's clock, the gap is still tracked
        readerClock.addAndGet(Duration.ofSeconds(9).toNanos());
        engine.appendEvents(deposited("x", 1));
        List<? extends TrackedEventMessage<?>> beforeTimeout = engine.readEvents(token, false).toList();
        assertThat(((GapAwareTrackingToken) beforeTimeout.get(0).trackingToken()).getGaps()).containsExactly(reserved);

        // when more than the timeout has passed since the reader first saw the gap
        readerClock.addAndGet(Duration.ofSeconds(2).toNanos());
        engine.appendEvents(deposited("x", 2));
        List<? extends TrackedEventMessage<?>> afterTimeout =
                engine.readEvents(beforeTimeout.get(0).trackingToken(), false).toList();

        // then the gap is dropped from the token
        assertThat(afterTimeout).hasSize(1);
        assertThat(((GapAwareTrackingToken) afterTimeout.get(0).trackingToken()).getGaps()).isEmpty();
    }

    @Test
    void aTokenInTheMiddleOfACommitResumesWithTheRestOfIt() {
        // given one commit of three events
        engine.appendEvents(TestEvents.deposits("m", 0, 3));
        List<? extends TrackedEventMessage<?>> all = engine.readEvents(null, false).toList();

        // when a reader resumes from the token of the first event
        List<? extends TrackedEventMessage<?>> rest = engine.readEvents(all.get(0).trackingToken(), false).toList();

        // then it gets the second and third event only
        assertThat(rest).extracting(EventMessage::getIdentifier)
                        .containsExactly(all.get(1).getIdentifier(), all.get(2).getIdentifier());
    }

    @Test
    void positionIsTheGlobalIndex() {
        // given
        engine.appendEvents(TestEvents.deposits("p", 0, 4));

        // when
        TrackingToken last = engine.readEvents(null, false).reduce((a, b) -> b).orElseThrow().trackingToken();

        // then
        assertThat(last.position()).hasValue(4);
        assertThat(engine.createHeadToken().position()).hasValue(4);
        assertThat(engine.createTailToken().position()).hasValue(0);
    }

    private void insertLateCommit(long firstIndex, EventMessage<?> event) {
        MongoCollection<BsonDocument> events = database.getCollection("events", BsonDocument.class);
        events.insertOne(RawCommits.commitAt(firstIndex, List.of(event), engine.getEventSerializer()));
    }
}
