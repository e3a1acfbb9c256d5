package dev.cairn.eventstore.mongo.support;

import org.bson.BsonDocument;
import org.bson.types.Decimal128;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigDecimal;

import static org.assertj.core.api.Assertions.assertThat;

class JsonBsonTest {

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"a\":1,\"b\":-2147483649,\"c\":12345678901234567890123}",
            "{\"price\":12.50,\"weight\":0.1,\"tiny\":1.0E-10,\"neg\":-0.0}",
            "{\"nested\":{\"list\":[1,\"two\",{\"three\":3.0},null,true,false]},\"empty\":{},\"none\":[]}",
            "{\"text\":\"quote \\\" backslash \\\\ unicode é newline \\n\"}"
    })
    void jsonObjectsRoundTripToTheSameText(String json) {
        // given / when
        BsonDocument document = JsonBson.toDocument(json).orElseThrow();

        // then
        assertThat(JsonBson.toJson(document)).isEqualTo(json);
    }

    @Test
    void numbersKeepTheirExactValue() {
        // given / when
        BsonDocument document = JsonBson.toDocument("{\"money\":12.50,\"ratio\":0.25}").orElseThrow();

        // then a decimal whose text a double cannot reproduce stays decimal, a plain double stays double
        assertThat(document.get("money").asDecimal128().getValue()).isEqualTo(new Decimal128(new BigDecimal("12.50")));
        assertThat(document.get("ratio").asDouble().getValue()).isEqualTo(0.25);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "\"just a string\"",
            "[1,2,3]",
            "{\"$set\":1}",
            "{\"a.b\":1}",
            "{\"huge\":1234567890123456789012345678901234567890}",
            "{\"precise\":0.12345678901234567890123456789012345678}",
            "not json at all"
    })
    void jsonBsonCannotHoldExactlyIsReportedAsNotConvertible(String json) {
        assertThat(JsonBson.toDocument(json)).isEmpty();
    }
}
