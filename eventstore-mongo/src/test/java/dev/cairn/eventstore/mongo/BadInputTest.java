package dev.cairn.eventstore.mongo;

import com.mongodb.client.MongoDatabase;
import dev.cairn.mongo.embedded.junit.EmbeddedMongoExtension;
import org.axonframework.common.AxonConfigurationException;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStoreException;
import org.axonframework.serialization.UnknownSerializedType;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;

import static dev.cairn.eventstore.mongo.TestEvents.deposited;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Property 8: bad stored data and bad configuration fail with errors naming the culprit; nothing is half-written.
 */
@ExtendWith(EmbeddedMongoExtension.class)
class BadInputTest {

    /**
     * Jackson cannot serialize a self-reference.
     */
    static final class Loop {
        public final Loop self = null;

        public Loop getMe() {
            return this;
        }
    }

    private MongoDatabase database;
    private MongoEventStorageEngine engine;

    @BeforeEach
    void setUp(MongoDatabase database) {
        this.database = database;
        this.engine = MongoEventStorageEngine.builder().database(database).build();
    }

    @Test
    void aDocumentWithAMistypedFieldFailsNamingCollectionIdAndField() {
        // given a stored event whose sequence number was edited into a string
        engine.appendEvents(deposited("bad", 0));
        database.getCollection("events").updateOne(new Document("streamKeys", "bad#0"),
                                                   new Document("$set", new Document("events.0.sequenceNumber", "0")));

        // when / then
        assertThatThrownBy(() -> engine.readEvents("bad").asStream().toList())
                .isInstanceOf(EventStoreException.class)
                .hasMessageContaining("[events]")
                .hasMessageContaining("_id [")
                .hasMessageContaining("events.0.sequenceNumber");
    }

    @Test
    void aPayloadFieldOfATypeJsonCannotHoldFailsNamingIt() {
        // given a payload field edited into a BSON date
        engine.appendEvents(deposited("date", 0));
        database.getCollection("events").updateOne(
                new Document("streamKeys", "date#0"),
                new Document("$set", new Document("events.0.payload.amount", new java.util.Date())));

        // when / then
        assertThatThrownBy(() -> engine.readEvents("date").asStream().toList())
                .isInstanceOf(EventStoreException.class)
                .hasMessageContaining("[events]")
                .hasMessageContaining("events.0.payload")
                .hasMessageContaining("amount");
    }

    @Test
    void aDocumentWithAMissingFieldFailsTheStreamNamingIt() {
        // given
        engine.appendEvents(deposited("gone", 0));
        database.getCollection("events").updateOne(new Document("streamKeys", "gone#0"),
                                                   new Document("$unset", new Document("events.0.payloadType", "")));

        // when / then
        assertThatThrownBy(() -> engine.readEvents(null, false).toList())
                .isInstanceOf(EventStoreException.class)
                .hasMessageContaining("events.0.payloadType")
                .hasMessageContaining("is missing");
    }

    @Test
    void anUnknownPayloadTypeSurfacesAsUnknownSerializedTypeWithoutStoppingTheStream() {
        // given an event whose class no longer exists, followed by a normal one
        engine.appendEvents(deposited("u", 0));
        database.getCollection("events").updateOne(
                new Document("streamKeys", "u#0"),
                new Document("$set", new Document("events.0.payloadType", "com.example.RemovedEvent")));
        engine.appendEvents(deposited("u", 1));

        // when
        List<? extends TrackedEventMessage<?>> stream = engine.readEvents(null, false).toList();

        // then
        assertThat(stream).hasSize(2);
        assertThat(stream.get(0).getPayload()).isInstanceOf(UnknownSerializedType.class);
        assertThat(stream.get(1).getPayload()).isInstanceOf(TestEvents.MoneyDeposited.class);
    }

    @Test
    void anUnserializablePayloadNamesTheEventAndStoresNothing() {
        // given
        var event = new GenericDomainEventMessage<>("Account", "loop", 1, new Loop());

        // when / then
        assertThatThrownBy(() -> engine.appendEvents(List.of(deposited("loop", 0), event)))
                .isInstanceOf(EventStoreException.class)
                .hasMessageContaining(event.getIdentifier())
                .hasMessageContaining("aggregate [loop]")
                .hasMessageContaining(Loop.class.getName());
        assertThat(database.getCollection("events").countDocuments()).isZero();
    }

    @Test
    void anAppendOverSixteenMegabytesNamesItsFirstEventAndStoresNothing() {
        // given an append whose second event carries a 17 MB payload
        var big = new GenericDomainEventMessage<>("Account", "big", 1, "x".repeat(17 * 1024 * 1024));
        var first = deposited("big", 0);

        // when / then
        assertThatThrownBy(() -> engine.appendEvents(List.of(first, big)))
                .isInstanceOf(EventStoreException.class)
                .hasMessageContaining(first.getIdentifier())
                .hasMessageContaining("16 MB");
        assertThat(engine.readEvents("big").asStream()).isEmpty();
        assertThat(database.getCollection("events").countDocuments(new Document("voided", null))).isZero();

        // and the next append is stored and streamed normally
        engine.appendEvents(deposited("big", 0));
        assertThat(engine.readEvents(null, false).count()).isEqualTo(1);
    }

    @Test
    void missingDatabaseOrBlankCollectionNamesFailAtBuild() {
        assertThatThrownBy(() -> MongoEventStorageEngine.builder().build())
                .isInstanceOf(AxonConfigurationException.class)
                .hasMessageContaining("MongoDatabase");
        assertThatThrownBy(() -> MongoEventStorageEngine.builder().database(null))
                .isInstanceOf(AxonConfigurationException.class);
        assertThatThrownBy(() -> MongoEventStorageEngine.builder().eventCollectionName(" "))
                .isInstanceOf(AxonConfigurationException.class)
                .hasMessageContaining("event collection");
        assertThatThrownBy(() -> MongoEventStorageEngine.builder().snapshotCollectionName(null))
                .isInstanceOf(AxonConfigurationException.class)
                .hasMessageContaining("snapshot collection");
        assertThatThrownBy(() -> MongoEventStorageEngine.builder().database(database)
                                                        .snapshotCollectionName("events").build())
                .isInstanceOf(AxonConfigurationException.class)
                .hasMessageContaining("different names");
    }
}
