package dev.cairn.eventstore.mongo.support;

import org.bson.BsonBinary;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonString;
import org.bson.BsonType;
import org.bson.BsonValue;
import org.bson.types.Decimal128;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The one stored-JSON policy: which form a value takes in each format, and that every form of every format reads back.
 */
class StoredJsonTest {

    private static final String PRICED = "{\"sku\":\"pen\",\"price\":12.50,\"count\":3}";
    private static final String PLAIN = "{\"sku\":\"pen\",\"price\":12.5,\"count\":3}";

    @Test
    void formatTwoKeepsADecimalAsDecimal128AsTheEventStoreDoes() {
        // given / when
        BsonValue stored = StoredJson.writing(StoredJsonFormat.V2).toBson(PRICED);

        // then
        assertThat(stored.asDocument().get("price").asDecimal128().getValue())
                .isEqualTo(new Decimal128(new BigDecimal("12.50")));
        assertThat(StoredJson.toJson(stored)).isEqualTo(PRICED);
    }

    @Test
    void formatOneKeepsJsonNeedingADecimalAsItsTextAsEarlierReleasesDid() {
        // given / when
        BsonValue stored = StoredJson.writing(StoredJsonFormat.V1).toBson(PRICED);

        // then
        assertThat(stored).isEqualTo(new BsonString(PRICED));
        assertThat(StoredJson.toJson(stored)).isEqualTo(PRICED);
    }

    @ParameterizedTest
    @EnumSource(StoredJsonFormat.class)
    void jsonWithoutDecimalsIsTheSameDocumentInEveryFormat(StoredJsonFormat format) {
        // given / when
        BsonValue stored = StoredJson.writing(format).toBson(PLAIN);

        // then
        assertThat(stored.asDocument().getDouble("price").getValue()).isEqualTo(12.5);
        assertThat(StoredJson.toJson(stored)).isEqualTo(PLAIN);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"$where\":1}", "{\"a.b\":1}", "\"text\"", "[1,2]", "<xml/>"})
    void whatNoDocumentHoldsExactlyStaysText(String json) {
        // given / when
        BsonValue stored = StoredJson.writing(StoredJsonFormat.V2).toBson(json.getBytes(StandardCharsets.UTF_8));

        // then
        assertThat(stored.getBsonType()).isEqualTo(BsonType.STRING);
        assertThat(StoredJson.toBytes(stored)).isEqualTo(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void bytesThatAreNotUtf8AreStoredAsBinary() {
        // given
        byte[] data = {(byte) 0xC3, (byte) 0x28, 0, 1};

        // when
        BsonValue stored = StoredJson.writing(StoredJsonFormat.V1).toBson(data);

        // then
        assertThat(stored).isEqualTo(new BsonBinary(data));
        assertThat(StoredJson.toBytes(stored)).isEqualTo(data);
    }

    @Test
    void aValueOfAnotherBsonTypeIsRefusedNamingTheType() {
        assertThatThrownBy(() -> StoredJson.toJson(new BsonInt32(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("INT32");
        assertThatThrownBy(() -> StoredJson.toBytes(new BsonInt32(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("INT32");
    }

    @Test
    void onlyFormatTwoStampsTheDocument() {
        // given / when
        BsonDocument one = StoredJson.writing(StoredJsonFormat.V1).stamp(new BsonDocument());
        BsonDocument two = StoredJson.writing(StoredJsonFormat.V2).stamp(new BsonDocument());

        // then
        assertThat(one).isEmpty();
        assertThat(two).isEqualTo(new BsonDocument(StoredJsonFormat.FIELD, new BsonInt32(2)));
        assertThat(StoredJsonFormat.of(one)).isEqualTo(StoredJsonFormat.V1);
        assertThat(StoredJsonFormat.of(two)).isEqualTo(StoredJsonFormat.V2);
    }

    @Test
    void aDocumentOfANewerFormatIsRefusedNamingTheDocument() {
        // given a document a later release wrote
        BsonDocument future = new BsonDocument("_id", new BsonString("letter-7"))
                .append(StoredJsonFormat.FIELD, new BsonInt32(3));

        // when / then
        assertThatThrownBy(() -> StoredJsonFormat.of(future))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("letter-7").hasMessageContaining("3").hasMessageContaining("newer release");
    }

    @Test
    void theConfiguredFormatComesFromTheSystemPropertyAndDefaultsToOne() {
        String before = System.getProperty(StoredJsonFormat.PROPERTY);
        try {
            // given / when / then
            System.clearProperty(StoredJsonFormat.PROPERTY);
            assertThat(StoredJsonFormat.configured()).isEqualTo(StoredJsonFormat.V1);
            System.setProperty(StoredJsonFormat.PROPERTY, "2");
            assertThat(StoredJsonFormat.configured()).isEqualTo(StoredJsonFormat.V2);
            System.setProperty(StoredJsonFormat.PROPERTY, "two");
            assertThatThrownBy(StoredJsonFormat::configured)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(StoredJsonFormat.PROPERTY).hasMessageContaining("two");
        } finally {
            if (before == null) {
                System.clearProperty(StoredJsonFormat.PROPERTY);
            } else {
                System.setProperty(StoredJsonFormat.PROPERTY, before);
            }
        }
    }
}
