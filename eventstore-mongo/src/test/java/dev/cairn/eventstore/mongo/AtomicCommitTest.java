package dev.cairn.eventstore.mongo;

import com.mongodb.client.MongoDatabase;
import dev.cairn.mongo.embedded.junit.EmbeddedMongoExtension;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.modelling.command.ConcurrencyException;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;

import static dev.cairn.eventstore.mongo.TestEvents.deposited;
import static dev.cairn.eventstore.mongo.TestEvents.deposits;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Property 1: everything one append stores is one document, so it is stored entirely or not at all.
 */
@ExtendWith(EmbeddedMongoExtension.class)
class AtomicCommitTest {

    private MongoDatabase database;
    private MongoEventStorageEngine engine;

    @BeforeEach
    void setUp(MongoDatabase database) {
        this.database = database;
        this.engine = MongoEventStorageEngine.builder().database(database).build();
    }

    @Test
    void severalAggregatesAppendedTogetherAreOneCommitDocument() {
        // given events of three aggregates in one append
        List<EventMessage<?>> append = new ArrayList<>(deposits("a", 0, 3));
        append.addAll(deposits("b", 0, 2));
        append.add(TestEvents.plainEvent("audit"));

        // when
        engine.appendEvents(append);

        // then one document holds all six, numbered consecutively
        List<Document> commits = database.getCollection("events").find().into(new ArrayList<>());
        assertThat(commits).hasSize(1);
        Document commit = commits.get(0);
        assertThat(commit.getList("events", Document.class)).hasSize(6);
        assertThat(commit.getLong("lastGlobalIndex") - commit.getLong("_id")).isEqualTo(5);
        assertThat(commit.getList("streamKeys", String.class)).containsExactly("a#0", "a#1", "a#2", "b#0", "b#1");
        assertThat(engine.readEvents("a").asStream().count()).isEqualTo(3);
        assertThat(engine.readEvents("b").asStream().count()).isEqualTo(2);
    }

    @Test
    void aConflictOnOneAggregateStoresNothingOfTheOthers() {
        // given aggregate b already at sequence 1
        engine.appendEvents(deposits("b", 0, 2));

        // when an append of a#0, a#1 and b#1 conflicts on b
        List<EventMessage<?>> append = new ArrayList<>(deposits("a", 0, 2));
        append.add(deposited("b", 1));
        assertThatThrownBy(() -> engine.appendEvents(append)).isInstanceOf(ConcurrencyException.class)
                                                             .hasMessageContaining("[b]");

        // then nothing of a was stored, and b is unchanged
        assertThat(engine.readEvents("a").asStream()).isEmpty();
        assertThat(engine.readEvents("b").asStream().count()).isEqualTo(2);
        assertThat(engine.readEvents(null, false).count()).isEqualTo(2);
    }

    @Test
    void aRejectedAppendLeavesNoGapBecauseTheNextAppendTakesItsIndexes() {
        // given
        engine.appendEvents(deposits("a", 0, 2));

        // when a stale append of three events is rejected
        assertThatThrownBy(() -> engine.appendEvents(deposits("a", 1, 3))).isInstanceOf(ConcurrencyException.class);

        // then nothing was written in its place
        assertThat(database.getCollection("events").countDocuments()).isEqualTo(1);
        assertThat(database.getCollection("events").countDocuments(new Document("voided", true))).isZero();

        // and the next event takes the index right after the stored ones, and streams with a token without gaps
        engine.appendEvents(deposited("a", 2));
        List<? extends org.axonframework.eventhandling.TrackedEventMessage<?>> stream =
                engine.readEvents(null, false).toList();
        assertThat(stream).hasSize(3);
        org.axonframework.eventhandling.GapAwareTrackingToken last =
                (org.axonframework.eventhandling.GapAwareTrackingToken) stream.get(2).trackingToken();
        assertThat(last.getGaps()).isEmpty();
        assertThat(last.getIndex()).isEqualTo(3);
    }
}
