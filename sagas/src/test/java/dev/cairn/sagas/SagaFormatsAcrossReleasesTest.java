package dev.cairn.sagas;

import com.example.sagas.formats.QuoteExpired;
import com.example.sagas.formats.QuoteSaga;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import dev.cairn.eventstore.mongo.CairnSerializers;
import dev.cairn.eventstore.mongo.support.CairnCollections;
import dev.cairn.eventstore.mongo.support.StoredJson;
import dev.cairn.eventstore.mongo.support.StoredJsonFormat;
import dev.cairn.mongo.embedded.junit.EmbeddedMongoExtension;
import dev.cairn.sagas.internal.DeadlineDocuments;
import org.axonframework.deadline.GenericDeadlineMessage;
import org.axonframework.messaging.MetaData;
import org.axonframework.modelling.saga.AssociationValue;
import org.axonframework.modelling.saga.AssociationValuesImpl;
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
import java.time.Instant;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Sagas and deadlines during a rolling deploy (ADR 72): a node of the previous release (format 1, modelled by
 * {@link FormatV1StoredJson}, a copy of its converter; the rest of each document's layout is the same in both
 * releases) and a node of this release share one database.
 */
@ExtendWith(EmbeddedMongoExtension.class)
class SagaFormatsAcrossReleasesTest {

    private static final Serializer SERIALIZER = CairnSerializers.defaultSerializer();
    private static final AssociationValue QUOTE = new AssociationValue("quoteId", "q-1");

    @ParameterizedTest
    @EnumSource(StoredJsonFormat.class)
    void aSagaAnOldNodeWroteReadsExactlyOnANewNode(StoredJsonFormat newNodeFormat, MongoDatabase database) {
        // given a saga as the old node writes it
        oldNodeInserts(database, "s-1", QuoteSaga.of("q-1", "12.50"));

        // when a new node loads it
        QuoteSaga read = store(database, newNodeFormat).loadSaga(QuoteSaga.class, "s-1").saga();

        // then the decimal keeps its scale
        assertThat(read.price).isEqualByComparingTo("12.50").hasScaleOf(2);
    }

    @Test
    void aNewNodeWritingFormatOneWritesWhatTheOldNodeWritesAndTheOldNodeReadsIt(MongoDatabase database) {
        // given a new node writing format 1 (the default)
        MongoSagaStore store = store(database, StoredJsonFormat.V1);

        for (String price : new String[]{"12.50", "12.5"}) {
            // when it stores a saga
            QuoteSaga saga = QuoteSaga.of("q-" + price, price);
            store.insertSaga(QuoteSaga.class, "s-" + price, saga, Set.of(QUOTE));

            // then the state is exactly what the old node's converter writes, with no format field
            BsonDocument stored = sagas(database).find(Filters.eq("_id", "s-" + price)).first();
            assertThat(stored.containsKey(StoredJsonFormat.FIELD)).isFalse();
            assertThat(stored.get("state")).isEqualTo(FormatV1StoredJson.toBson(json(saga)));
            // and the old node reads it back exactly
            assertThat(oldNodeReads(stored.get("state"), QuoteSaga.class).price).isEqualTo(saga.price);
        }
    }

    @Test
    void formatTwoKeepsDecimalsAsNumbersWhichOnlyNewNodesRead(MongoDatabase database) {
        // given a new node writing format 2
        MongoSagaStore store = store(database, StoredJsonFormat.V2);

        // when it stores a saga with a decimal
        store.insertSaga(QuoteSaga.class, "s-2", QuoteSaga.of("q-2", "12.50"), Set.of(QUOTE));

        // then the decimal is a decimal128 and the saga says its format
        BsonDocument stored = sagas(database).find(Filters.eq("_id", "s-2")).first();
        assertThat(stored.getInt32(StoredJsonFormat.FIELD).getValue()).isEqualTo(2);
        assertThat(stored.getDocument("state").get("price").getBsonType()).isEqualTo(BsonType.DECIMAL128);
        // and new nodes of either format read it exactly
        for (StoredJsonFormat format : StoredJsonFormat.values()) {
            assertThat(store(database, format).loadSaga(QuoteSaga.class, "s-2").saga().price).hasScaleOf(2);
        }
        // but the old node cannot, which is why format 2 waits until every node runs this release
        assertThatThrownBy(() -> oldNodeReads(stored.get("state"), QuoteSaga.class))
                .isInstanceOf(SerializationException.class);
    }

    @Test
    void theSystemPropertySwitchesABuilderLeftAtItsDefaultToFormatTwo(MongoDatabase database) {
        String before = System.getProperty(StoredJsonFormat.PROPERTY);
        try {
            // given every node upgraded, and the property set as the README says
            System.setProperty(StoredJsonFormat.PROPERTY, "2");

            // when a store built without a format stores a saga
            MongoSagaStore.builder().database(database).build()
                          .insertSaga(QuoteSaga.class, "s-p", QuoteSaga.of("q-p", "12.50"), Set.of(QUOTE));

            // then it is written in format 2
            BsonDocument stored = sagas(database).find(Filters.eq("_id", "s-p")).first();
            assertThat(stored.getInt32(StoredJsonFormat.FIELD).getValue()).isEqualTo(2);
            assertThat(stored.getDocument("state").get("price").getBsonType()).isEqualTo(BsonType.DECIMAL128);
        } finally {
            if (before == null) {
                System.clearProperty(StoredJsonFormat.PROPERTY);
            } else {
                System.setProperty(StoredJsonFormat.PROPERTY, before);
            }
        }
    }

    @Test
    void aSagaKeepsReadingWhenTheOldNodeAndANewNodeUpdateItInTurn(MongoDatabase database) {
        // given a saga the old node wrote, updated by a new node writing format 2
        oldNodeInserts(database, "s-3", QuoteSaga.of("q-3", "1.10"));
        MongoSagaStore store = store(database, StoredJsonFormat.V2);
        QuoteSaga saga = store.loadSaga(QuoteSaga.class, "s-3").saga();
        saga.price = new BigDecimal("2.20");
        store.updateSaga(QuoteSaga.class, "s-3", saga, associations());
        assertThat(sagas(database).find(Filters.eq("_id", "s-3")).first().getInt32(StoredJsonFormat.FIELD).getValue())
                .isEqualTo(2);

        // when the old node updates it again (its form, the format field left as it was)
        sagas(database).updateOne(Filters.eq("_id", "s-3"), Updates.combine(
                Updates.set("state", FormatV1StoredJson.toBson(json(QuoteSaga.of("q-3", "3.30")))),
                Updates.inc("version", 1L)));

        // then a new node still reads it exactly
        assertThat(store(database, StoredJsonFormat.V1).loadSaga(QuoteSaga.class, "s-3").saga().price)
                .isEqualByComparingTo("3.30").hasScaleOf(2);
    }

    @ParameterizedTest
    @EnumSource(StoredJsonFormat.class)
    void aDeadlineAnOldNodeWroteReadsExactlyOnANewNode(StoredJsonFormat newNodeFormat, MongoDatabase database) {
        // given a deadline as the old node writes it
        QuoteExpired payload = new QuoteExpired("q-4", new BigDecimal("12.50"));
        BsonDocument deadline = newDeadline("d-1", payload, StoredJsonFormat.V2);
        deadline.remove(StoredJsonFormat.FIELD);
        deadline.getDocument("message").put("payload", FormatV1StoredJson.toBson(json(payload)));
        deadline.getDocument("message").put("metaData", FormatV1StoredJson.toBson(json(MetaData.emptyInstance())));
        deadlines(database).insertOne(deadline);

        // when a new node reads it
        Object read = DeadlineDocuments.messageOf(deadlines(database).find().first(), SERIALIZER).getPayload();

        // then nothing is lost
        assertThat(read).isEqualTo(payload);
        assertThat(((QuoteExpired) read).price()).hasScaleOf(2);
    }

    @Test
    void deadlinesOfFormatOneAreWhatTheOldNodeWritesAndFormatTwoOnlyNewNodesRead(MongoDatabase database) {
        // given the same deadline written by a new node in each format
        QuoteExpired payload = new QuoteExpired("q-5", new BigDecimal("12.50"));
        deadlines(database).insertOne(newDeadline("d-one", payload, StoredJsonFormat.V1));
        deadlines(database).insertOne(newDeadline("d-two", payload, StoredJsonFormat.V2));
        BsonDocument one = deadlines(database).find(Filters.eq("_id", "d-one")).first();
        BsonDocument two = deadlines(database).find(Filters.eq("_id", "d-two")).first();

        // then format 1 is the old node's form, unmarked, and the old node reads it
        assertThat(one.containsKey(StoredJsonFormat.FIELD)).isFalse();
        assertThat(one.getDocument("message").get("payload")).isEqualTo(FormatV1StoredJson.toBson(json(payload)));
        assertThat(oldNodeReads(one.getDocument("message").get("payload"), QuoteExpired.class)).isEqualTo(payload);
        // and format 2 is marked, keeps a decimal128, and only new nodes read it
        assertThat(two.getInt32(StoredJsonFormat.FIELD).getValue()).isEqualTo(2);
        assertThat(two.getDocument("message").getDocument("payload").get("price").getBsonType())
                .isEqualTo(BsonType.DECIMAL128);
        assertThat(DeadlineDocuments.messageOf(two, SERIALIZER).getPayload()).isEqualTo(payload);
        assertThatThrownBy(() -> oldNodeReads(two.getDocument("message").get("payload"), QuoteExpired.class))
                .isInstanceOf(SerializationException.class);
    }

    @Test
    void aDeadlineOfANewerFormatIsRefusedNamingIt() {
        // given a deadline marked with a format a later release writes
        BsonDocument deadline = newDeadline("d-later", new QuoteExpired("q-6", BigDecimal.ONE), StoredJsonFormat.V2);
        deadline.put(StoredJsonFormat.FIELD, new org.bson.BsonInt32(3));

        // when / then
        assertThatThrownBy(() -> DeadlineDocuments.messageOf(deadline, SERIALIZER))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("d-later").hasMessageContaining("newer release");
    }

    private static BsonDocument newDeadline(String id, QuoteExpired payload, StoredJsonFormat format) {
        return DeadlineDocuments.newDeadline(id, "quoteExpired", new BsonDocument(), Instant.now(),
                                             new GenericDeadlineMessage<>("quoteExpired", payload), SERIALIZER,
                                             StoredJson.writing(format));
    }

    /** Inserts a saga as the old node does: this release's layout, the state through the old converter. */
    private static void oldNodeInserts(MongoDatabase database, String sagaId, QuoteSaga saga) {
        store(database, StoredJsonFormat.V2).insertSaga(QuoteSaga.class, sagaId, saga, Set.of(QUOTE));
        sagas(database).updateOne(Filters.eq("_id", sagaId), Updates.combine(
                Updates.set("state", FormatV1StoredJson.toBson(json(saga))),
                Updates.unset(StoredJsonFormat.FIELD)));
    }

    private static <T> T oldNodeReads(org.bson.BsonValue stored, Class<T> type) {
        return SERIALIZER.deserialize(new SimpleSerializedObject<>(FormatV1StoredJson.toJson(stored), String.class,
                                                                   SERIALIZER.typeForClass(type)));
    }

    private static String json(Object object) {
        return SERIALIZER.serialize(object, String.class).getData();
    }

    private static AssociationValuesImpl associations() {
        AssociationValuesImpl values = new AssociationValuesImpl();
        values.add(QUOTE);
        return values;
    }

    private static MongoSagaStore store(MongoDatabase database, StoredJsonFormat format) {
        return MongoSagaStore.builder().database(database).storedJsonFormat(format).build();
    }

    private static MongoCollection<BsonDocument> sagas(MongoDatabase database) {
        return database.getCollection(CairnCollections.SAGAS, BsonDocument.class);
    }

    private static MongoCollection<BsonDocument> deadlines(MongoDatabase database) {
        return database.getCollection(CairnCollections.DEADLINES, BsonDocument.class);
    }
}
