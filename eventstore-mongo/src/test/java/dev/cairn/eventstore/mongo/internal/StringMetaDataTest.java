package dev.cairn.eventstore.mongo.internal;

import dev.cairn.eventstore.mongo.AllowedTypes;
import org.axonframework.messaging.MetaData;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.json.JacksonSerializer;
import org.axonframework.serialization.xml.XStreamSerializer;
import org.bson.BsonDocument;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Metadata whose values are all strings is read from its stored document directly, without writing and parsing JSON
 * text; the result must be exactly what the JSON serializer reads from the same document, and anything else must
 * still go through the serializer.
 */
class StringMetaDataTest {

    private static final SimpleSerializedType METADATA = new SimpleSerializedType(MetaData.class.getName(), null);

    private final JacksonSerializer jackson = JacksonSerializer.defaultSerializer();
    private final Serializer guarded = new TypeGuard(AllowedTypes.cairnDefaults()).guard(jackson);

    @ParameterizedTest
    @ValueSource(strings = {
            "{}",
            "{\"traceId\": \"5c0f\", \"correlationId\": \"a-1\", \"tenant\": \"\"}",
            "{\"empty\": \"\", \"unicode\": \"Grüße ☃\", \"looksLikeANumber\": \"12\", \"looksLikeJson\": \"{\\\"a\\\":1}\"}"
    })
    void stringValuedMetadataReadsAsTheJsonSerializerReadsIt(String json) {
        // Given metadata stored as a document of strings, as the engine stores what a JSON serializer wrote
        SerializedObject<?> stored = SerializedForm.read(BsonDocument.parse(json), METADATA);

        // When it is read directly, and by the serializer from its JSON text
        MetaData direct = SerializedForm.stringMetaData(stored);
        MetaData viaJson = jackson.deserialize(stored);

        // Then both are the same metadata, and the guarded serializer answers the same
        assertThat(direct).isNotNull().isEqualTo(viaJson);
        assertThat((MetaData) guarded.deserialize(stored)).isEqualTo(viaJson);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"attempt\": 3}",
            "{\"traceId\": \"5c0f\", \"amount\": {\"$numberDecimal\": \"12.50\"}}",
            "{\"flag\": true}",
            "{\"nested\": {\"a\": \"b\"}}",
            "{\"list\": [\"a\", \"b\"]}",
            "{\"nothing\": null}"
    })
    void metadataWithOtherValuesIsLeftToTheSerializer(String json) {
        // Given metadata with at least one value that is not a string
        SerializedObject<?> stored = SerializedForm.read(BsonDocument.parse(json), METADATA);

        // When it is read
        MetaData direct = SerializedForm.stringMetaData(stored);

        // Then the direct path declines, and the guarded serializer answers what the serializer reads
        assertThat(direct).isNull();
        assertThat((MetaData) guarded.deserialize(stored)).isEqualTo(jackson.deserialize(stored));
    }

    @Test
    void onlyStoredMetadataDocumentsAreReadDirectly() {
        // Given a payload document, and metadata stored as JSON text rather than as a document
        SerializedObject<?> payload = SerializedForm.read(BsonDocument.parse("{\"a\": \"b\"}"),
                                                          new SimpleSerializedType("com.example.Paid", null));
        SerializedObject<?> text = SerializedForm.read(new org.bson.BsonString("{\"a\": \"b\"}"), METADATA);

        // When they are offered to the direct path, then it declines both
        assertThat(SerializedForm.stringMetaData(payload)).isNull();
        assertThat(SerializedForm.stringMetaData(text)).isNull();
        // and the serializer still reads the text
        assertThat((MetaData) guarded.deserialize(text)).isEqualTo(MetaData.from(Map.of("a", "b")));
    }

    @Test
    void aSerializerThatDoesNotWriteJsonNeverTakesTheDirectPath() {
        // Given an XML serializer, guarded, and metadata it wrote (binary, under its own type name)
        XStreamSerializer xstream = XStreamSerializer.builder()
                                                     .xStream(new com.thoughtworks.xstream.XStream())
                                                     .build();
        xstream.getXStream().allowTypesByWildcard(new String[]{"org.axonframework.**"});
        Serializer guardedXml = new TypeGuard(AllowedTypes.cairnDefaults()).guard(xstream);
        SerializedForm.Written written = SerializedForm.write(MetaData.with("traceId", "5c0f"), guardedXml);

        // When it is read back through the guarded serializer
        MetaData read = guardedXml.deserialize(SerializedForm.read(written.value(), written.type()));

        // Then it is the metadata that was written
        assertThat(read).isEqualTo(MetaData.with("traceId", "5c0f"));
    }
}
