package dev.cairn.projections.deadletter;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import org.bson.BSONException;
import org.bson.BsonBinary;
import org.bson.BsonDocument;
import org.bson.BsonString;
import org.bson.BsonValue;
import org.bson.json.JsonMode;
import org.bson.json.JsonParseException;
import org.bson.json.JsonWriterSettings;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

/**
 * A copy, kept as test code, of the converter dead letters were written and read with before stored JSON formats
 * (format 1): the old node in {@link DeadLetterFormatsAcrossReleasesTest}. Do not change it; it stands for nodes
 * already running.
 * <p>
 * Stores serialized data (payloads, meta data, diagnostics, tokens) in the most readable form that reads back as the
 * very same bytes: a BSON document when the data is a compact JSON object that {@link BsonDocument#parse(String)}
 * holds without loss, the text when the data is other UTF-8, binary otherwise.
 * <p>
 * "Without loss" is checked, not assumed: the parsed document may hold only the types plain JSON produces, and writing
 * it back as compact JSON (as Jackson writes bytes) must give the original bytes exactly. So {@code 12.50} (parsed as the double {@code 12.5}),
 * {@code $}-keys (parsed as extended JSON), dotted keys, integers beyond {@code long} and pretty-printed JSON keep the
 * text form.
 */
final class FormatV1SerializedBson {

    private static final JsonFactory JSON = JsonFactory.builder().build();
    private static final JsonWriterSettings RELAXED = JsonWriterSettings.builder().outputMode(JsonMode.RELAXED).build();

    private FormatV1SerializedBson() {
    }

    /**
     * @return the data as a document, a string or binary, whichever is the most readable lossless form
     */
    static BsonValue toBson(byte[] data) {
        Optional<String> text = utf8(data);
        if (text.isEmpty()) {
            return new BsonBinary(data);
        }
        return document(text.get(), data).<BsonValue>map(document -> document)
                                         .orElseGet(() -> new BsonString(text.get()));
    }

    /**
     * @return the bytes a value produced by {@link #toBson(byte[])} stands for
     * @throws IllegalArgumentException when the value has a type {@link #toBson(byte[])} never produces
     */
    static byte[] toBytes(BsonValue value) {
        return switch (value.getBsonType()) {
            case DOCUMENT -> json(value.asDocument());
            case STRING -> value.asString().getValue().getBytes(StandardCharsets.UTF_8);
            case BINARY -> value.asBinary().getData();
            default -> throw new IllegalArgumentException(
                    "Serialized data is stored as a document, a string or binary, not as " + value.getBsonType());
        };
    }

    private static Optional<String> utf8(byte[] data) {
        try {
            return Optional.of(StandardCharsets.UTF_8.newDecoder()
                                                     .onMalformedInput(CodingErrorAction.REPORT)
                                                     .onUnmappableCharacter(CodingErrorAction.REPORT)
                                                     .decode(ByteBuffer.wrap(data))
                                                     .toString());
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }

    private static Optional<BsonDocument> document(String json, byte[] data) {
        if (!json.stripLeading().startsWith("{")) {
            return Optional.empty();
        }
        try {
            BsonDocument document = BsonDocument.parse(json);
            return plainJson(document) && Arrays.equals(data, json(document))
                    ? Optional.of(document) : Optional.empty();
        } catch (JsonParseException | BSONException | NumberFormatException e) {
            // not JSON the driver reads: the text form keeps it as it is
            return Optional.empty();
        }
    }

    private static boolean plainJson(BsonValue value) {
        return switch (value.getBsonType()) {
            case DOCUMENT -> value.asDocument().entrySet().stream().allMatch(
                    field -> plainKey(field.getKey()) && plainJson(field.getValue()));
            case ARRAY -> value.asArray().stream().allMatch(FormatV1SerializedBson::plainJson);
            case STRING, INT32, INT64, DOUBLE, BOOLEAN, NULL -> true;
            default -> false;
        };
    }

    private static boolean plainKey(String key) {
        return !key.startsWith("$") && key.indexOf('.') < 0 && key.indexOf('\0') < 0;
    }

    /**
     * @return the document as compact UTF-8 JSON written the way Jackson writes bytes, numbers in the text the driver
     * writes for them
     */
    private static byte[] json(BsonDocument document) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonParser parser = JSON.createParser(document.toJson(RELAXED));
             JsonGenerator generator = JSON.createGenerator(out, JsonEncoding.UTF8)) {
            for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
                switch (token) {
                    case START_OBJECT -> generator.writeStartObject();
                    case END_OBJECT -> generator.writeEndObject();
                    case START_ARRAY -> generator.writeStartArray();
                    case END_ARRAY -> generator.writeEndArray();
                    case FIELD_NAME -> generator.writeFieldName(parser.currentName());
                    case VALUE_STRING -> generator.writeString(parser.getText());
                    case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> generator.writeNumber(parser.getText());
                    case VALUE_TRUE, VALUE_FALSE -> generator.writeBoolean(token == JsonToken.VALUE_TRUE);
                    case VALUE_NULL -> generator.writeNull();
                    default -> throw new IllegalStateException("Unexpected JSON token " + token);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
