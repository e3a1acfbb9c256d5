package dev.cairn.projections.deadletter;

import com.example.deadletters.PriceChanged;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import dev.cairn.eventstore.mongo.CairnSerializers;
import dev.cairn.eventstore.mongo.support.CairnCollections;
import dev.cairn.eventstore.mongo.support.StoredJsonFormat;
import dev.cairn.mongo.embedded.junit.EmbeddedMongoExtension;
import dev.cairn.projections.MongoSequencedDeadLetterQueue;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.deadletter.DeadLetter;
import org.axonframework.messaging.deadletter.GenericDeadLetter;
import org.axonframework.serialization.SerializationException;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.bson.BsonDocument;
import org.bson.BsonType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Dead letters during a rolling deploy (ADR 72): a node of the previous release (format 1, modelled by
 * {@link FormatV1SerializedBson}, a copy of its converter; the rest of a letter's layout is the same in both releases)
 * and a node of this release share one collection.
 */
@ExtendWith(EmbeddedMongoExtension.class)
class DeadLetterFormatsAcrossReleasesTest {

    private static final Serializer SERIALIZER = CairnSerializers.defaultSerializer();
    private static final PriceChanged PRICED = new PriceChanged("pen", new BigDecimal("12.50"), 3, List.of("a"));
    private static final PriceChanged PLAIN = new PriceChanged("ink", new BigDecimal("12.5"), 4, List.of());

    @ParameterizedTest
    @EnumSource(StoredJsonFormat.class)
    void aLetterAnOldNodeWroteReadsExactlyOnANewNode(StoredJsonFormat newNodeFormat, MongoDatabase database) {
        // given a letter as the old node writes it
        oldNodeEnqueues(database, "old-1", PRICED);

        // when a new node reads it
        PriceChanged read = (PriceChanged) onlyLetter(queue(database, newNodeFormat), "old-1").message().getPayload();

        // then nothing is lost: the decimal keeps its scale
        assertThat(read).isEqualTo(PRICED);
        assertThat(read.price()).hasScaleOf(2);
    }

    @Test
    void aNewNodeWritingFormatOneWritesWhatTheOldNodeWritesAndTheOldNodeReadsIt(MongoDatabase database) {
        // given a new node writing format 1 (the default)
        MongoSequencedDeadLetterQueue<EventMessage<?>> queue = queue(database, StoredJsonFormat.V1);

        for (PriceChanged payload : List.of(PRICED, PLAIN)) {
            // when it enqueues a letter
            queue.enqueue(payload.sku(), new GenericDeadLetter<>(payload.sku(), GenericEventMessage.asEventMessage(
                    payload).andMetaData(MetaData.with("traceId", "t-1"))));

            // then the stored fields are exactly what the old node's converter writes, with no format field
            BsonDocument letter = letters(database).find(Filters.eq("sequenceIdentifier", payload.sku())).first();
            assertThat(letter.containsKey(StoredJsonFormat.FIELD)).isFalse();
            BsonDocument event = letter.getDocument("event");
            assertThat(event.get("payload")).isEqualTo(FormatV1SerializedBson.toBson(bytes(payload)));
            assertThat(event.get("metaData"))
                    .isEqualTo(FormatV1SerializedBson.toBson(bytes(MetaData.with("traceId", "t-1"))));
            // and the old node reads the payload back exactly
            PriceChanged read = oldNodeReadsPayload(letter);
            assertThat(read).isEqualTo(payload);
            assertThat(read.price().scale()).isEqualTo(payload.price().scale());
        }
        assertThat(letters(database).find(Filters.eq("sequenceIdentifier", PRICED.sku())).first()
                                    .getDocument("event").get("payload").getBsonType()).isEqualTo(BsonType.STRING);
    }

    @Test
    void formatTwoKeepsDecimalsAsNumbersWhichOnlyNewNodesRead(MongoDatabase database) {
        // given a new node writing format 2
        MongoSequencedDeadLetterQueue<EventMessage<?>> queue = queue(database, StoredJsonFormat.V2);

        // when it enqueues a letter with a decimal
        queue.enqueue("pen", new GenericDeadLetter<>("pen", GenericEventMessage.asEventMessage(PRICED)));

        // then the decimal is a queryable decimal128 and the letter says its format
        BsonDocument letter = letters(database).find(Filters.eq("sequenceIdentifier", "pen")).first();
        assertThat(letter.getInt32(StoredJsonFormat.FIELD).getValue()).isEqualTo(2);
        assertThat(letter.getDocument("event").getDocument("payload").get("price").getBsonType())
                .isEqualTo(BsonType.DECIMAL128);
        // and new nodes of either format read it exactly
        for (StoredJsonFormat format : StoredJsonFormat.values()) {
            assertThat(onlyLetter(queue(database, format), "pen").message().getPayload()).isEqualTo(PRICED);
        }
        // but the old node cannot, which is why format 2 waits until every node runs this release
        assertThat(new String(FormatV1SerializedBson.toBytes(letter.getDocument("event").get("payload")),
                              StandardCharsets.UTF_8)).contains("$numberDecimal");
        assertThatThrownBy(() -> oldNodeReadsPayload(letter)).isInstanceOf(SerializationException.class);
    }

    @Test
    void aNewNodeWritingFormatTwoStampsAnOldLetterItRequeues(MongoDatabase database) {
        // given a letter the old node wrote
        oldNodeEnqueues(database, "old-2", PLAIN);
        MongoSequencedDeadLetterQueue<EventMessage<?>> queue = queue(database, StoredJsonFormat.V2);

        // when a new node writing format 2 requeues it with diagnostics holding a decimal
        queue.requeue(onlyLetter(queue, "old-2"),
                      letter -> letter.withDiagnostics(MetaData.with("refund", new BigDecimal("0.10"))));

        // then the letter says format 2, and reads back exactly
        BsonDocument stored = letters(database).find(Filters.eq("sequenceIdentifier", "old-2")).first();
        assertThat(stored.getInt32(StoredJsonFormat.FIELD).getValue()).isEqualTo(2);
        DeadLetter<? extends EventMessage<?>> read = onlyLetter(queue(database, StoredJsonFormat.V1), "old-2");
        assertThat(read.message().getPayload()).isEqualTo(PLAIN);
        assertThat(stored.getDocument("diagnostics").get("refund").getBsonType()).isEqualTo(BsonType.DECIMAL128);
        assertThat(new BigDecimal(read.diagnostics().get("refund").toString())).isEqualByComparingTo("0.10");
    }

    @Test
    void aLetterOfANewerFormatIsRefusedNamingIt(MongoDatabase database) {
        // given a letter marked with a format a later release writes
        MongoSequencedDeadLetterQueue<EventMessage<?>> queue = queue(database, StoredJsonFormat.V2);
        queue.enqueue("later", new GenericDeadLetter<>("later", GenericEventMessage.asEventMessage(PLAIN)));
        letters(database).updateOne(Filters.eq("sequenceIdentifier", "later"), Updates.set(StoredJsonFormat.FIELD, 3));
        String letterId = letters(database).find(Filters.eq("sequenceIdentifier", "later")).first()
                                           .getString("_id").getValue();

        // when / then
        assertThatThrownBy(() -> onlyLetter(queue, "later"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(letterId).hasMessageContaining("newer release");
    }

    /**
     * Writes a letter as the old node does: the layout of this release, the serialized fields through the old
     * converter, no format field.
     */
    private static void oldNodeEnqueues(MongoDatabase database, String sequence, PriceChanged payload) {
        queue(database, StoredJsonFormat.V2).enqueue(sequence, new GenericDeadLetter<>(
                sequence, GenericEventMessage.asEventMessage(payload)));
        BsonDocument letter = letters(database).find(Filters.eq("sequenceIdentifier", sequence)).first();
        letter.remove(StoredJsonFormat.FIELD);
        letter.put("diagnostics", FormatV1SerializedBson.toBson(bytes(MetaData.emptyInstance())));
        letter.getDocument("event").put("payload", FormatV1SerializedBson.toBson(bytes(payload)));
        letter.getDocument("event").put("metaData", FormatV1SerializedBson.toBson(bytes(MetaData.emptyInstance())));
        letters(database).replaceOne(Filters.eq("_id", letter.get("_id")), letter);
    }

    private static PriceChanged oldNodeReadsPayload(BsonDocument letter) {
        BsonDocument event = letter.getDocument("event");
        return SERIALIZER.deserialize(new SimpleSerializedObject<>(
                FormatV1SerializedBson.toBytes(event.get("payload")), byte[].class,
                event.getString("type").getValue(), null));
    }

    private static byte[] bytes(Object object) {
        return SERIALIZER.serialize(object, byte[].class).getData();
    }

    private static DeadLetter<? extends EventMessage<?>> onlyLetter(
            MongoSequencedDeadLetterQueue<EventMessage<?>> queue, String sequence) {
        return queue.deadLetterSequence(sequence).iterator().next();
    }

    private static MongoSequencedDeadLetterQueue<EventMessage<?>> queue(MongoDatabase database,
                                                                       StoredJsonFormat format) {
        return MongoSequencedDeadLetterQueue.<EventMessage<?>>builder().processingGroup("prices").database(database)
                                            .storedJsonFormat(format).build();
    }

    private static MongoCollection<BsonDocument> letters(MongoDatabase database) {
        return database.getCollection(CairnCollections.DEAD_LETTERS, BsonDocument.class);
    }
}
