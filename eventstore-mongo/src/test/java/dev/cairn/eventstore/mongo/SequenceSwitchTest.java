package dev.cairn.eventstore.mongo;

import com.mongodb.MongoException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import dev.cairn.eventstore.mongo.internal.RawCommits;
import dev.cairn.mongo.embedded.junit.EmbeddedMongoExtension;
import org.axonframework.eventsourcing.eventstore.EventStoreException;
import org.bson.BsonDocument;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static dev.cairn.eventstore.mongo.TestEvents.deposited;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The sequence document of a store written by earlier versions, which allocated global indexes from a counter, is
 * switched once to claimed indexes, and its last value becomes the floor new commits are laid out above (ADR 70).
 */
@ExtendWith(EmbeddedMongoExtension.class)
class SequenceSwitchTest {

    @Test
    void aNewStoreStartsSwitchedWithFloorZero(MongoDatabase database) {
        // when
        MongoEventStorageEngine engine = MongoEventStorageEngine.builder().database(database).build();
        engine.appendEvents(deposited("a", 0));

        // then
        Document sequence = database.getCollection("sequences").find(Filters.eq("_id", "events")).first();
        assertThat(sequence).isNotNull();
        assertThat(sequence.get("value")).isEqualTo("claimed-by-insert");
        assertThat(sequence.getLong("floor")).isZero();
        assertThat(engine.lastAppendedPosition()).hasValue(1);
    }

    @Test
    void anEarlierCounterIsSwitchedOnceAndNewCommitsLandAboveItsLastValue(MongoDatabase database) {
        // given a store whose counter handed out indexes up to 12, of which only 1..10 were stored yet
        MongoCollection<BsonDocument> events = database.getCollection("events", BsonDocument.class);
        MongoEventStorageEngine writer = MongoEventStorageEngine.builder().database(database).build();
        for (int i = 0; i < 10; i++) {
            writer.appendEvents(deposited("old", i));
        }
        database.getCollection("sequences").replaceOne(Filters.eq("_id", "events"),
                                                       new Document("_id", "events").append("value", 12L));

        // when the store is opened by this version, twice
        MongoEventStorageEngine engine = MongoEventStorageEngine.builder().database(database).build();
        MongoEventStorageEngine second = MongoEventStorageEngine.builder().database(database).build();
        engine.appendEvents(deposited("new", 0));

        // then the floor is the counter's last value, kept by the second start, and the append is above it
        Document sequence = database.getCollection("sequences").find(Filters.eq("_id", "events")).first();
        assertThat(sequence.get("value")).isEqualTo("claimed-by-insert");
        assertThat(sequence.getLong("floor")).isEqualTo(12);
        assertThat(engine.lastAppendedPosition()).hasValue(13);

        // and the late commit of an earlier writer at 11 is still accepted below the floor
        events.insertOne(RawCommits.commitAt(11, java.util.List.of(deposited("late", 0)), engine.getEventSerializer()));
        second.appendEvents(deposited("new", 1));
        assertThat(second.lastAppendedPosition()).hasValue(14);
        assertThat(engine.readEvents(null, false).count()).isEqualTo(13);
    }

    @Test
    void anEarlierVersionCanNoLongerTakeIndexesFromTheSwitchedDocument(MongoDatabase database) {
        // given a switched store
        MongoEventStorageEngine.builder().database(database).build().appendEvents(deposited("a", 0));
        MongoCollection<Document> sequences = database.getCollection("sequences");

        // when an earlier version starts (raising the counter) and increments it to allocate
        sequences.updateOne(Filters.eq("_id", "events"), Updates.max("value", 5L), new UpdateOptions().upsert(true));

        // then its start leaves the marker in place, and its allocation fails loudly
        assertThat(sequences.find(Filters.eq("_id", "events")).first().get("value")).isEqualTo("claimed-by-insert");
        assertThatThrownBy(() -> sequences.findOneAndUpdate(Filters.eq("_id", "events"), Updates.inc("value", 1L)))
                .isInstanceOf(MongoException.class);
    }

    @Test
    void anUnreadableSequenceDocumentIsNamed(MongoDatabase database) {
        // given
        database.getCollection("sequences").insertOne(new Document("_id", "events").append("value", "something"));

        // when / then
        assertThatThrownBy(() -> MongoEventStorageEngine.builder().database(database).build())
                .isInstanceOf(EventStoreException.class)
                .hasMessageContaining("{\"_id\": \"events\", \"value\": \"something\"}")
                .hasMessageContaining("[sequences]");
    }
}
