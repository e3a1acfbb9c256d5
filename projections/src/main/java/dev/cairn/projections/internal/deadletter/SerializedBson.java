package dev.cairn.projections.internal.deadletter;

import com.fasterxml.jackson.core.JsonFactory;
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

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Stores serialized data (payloads, meta data, diagnostics, tokens) in the most readable form that gives back the very
 * same bytes: a BSON document when the data is a JSON object that {@link BsonDocument#parse(String)} holds without
 * loss, the text when the data is UTF-8, binary otherwise.
 * <p>
 * "Without loss" is checked, not assumed: the document is written back as JSON and compared token by token with the
 * original, and it may hold only the types plain JSON produces. So {@code 12.50} (read as the double {@code 12.5}),
 * {@code $}-keys (read as extended JSON) and integers beyond {@code long} keep the text form.
 */
final class SerializedBson {

    private static final JsonFactory JSON = JsonFactory.builder().build();
    private static final JsonWriterSettings RELAXED = JsonWriterSettings.builder().outputMode(JsonMode.RELAXED).build();

    private SerializedBson() {
    }

    /**
     * @return the data as a document, a string or binary, whichever is the most readable lossless form
     */
    static BsonValue toBson(byte[] data) {
        Optional<String> text = utf8(data);
        if (text.isEmpty()) {
            return new BsonBinary(data);
        }
        return document(text.get()).<BsonValue>map(document -> document).orElseGet(() -> new BsonString(text.get()));
    }

    /**
     * @return the bytes a value produced by {@link #toBson(byte[])} stands for
     * @throws IllegalArgumentException when the value has a type {@link #toBson(byte[])} never produces
     */
    static byte[] toBytes(BsonValue value) {
        return switch (value.getBsonType()) {
            case DOCUMENT -> value.asDocument().toJson(RELAXED).getBytes(StandardCharsets.UTF_8);
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

    private static Optional<BsonDocument> document(String json) {
        if (!json.stripLeading().startsWith("{")) {
            return Optional.empty();
        }
        try {
            BsonDocument document = BsonDocument.parse(json);
            return plainJson(document) && sameTokens(json, document.toJson(RELAXED))
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
            case ARRAY -> value.asArray().stream().allMatch(SerializedBson::plainJson);
            case STRING, INT32, INT64, DOUBLE, BOOLEAN, NULL -> true;
            default -> false;
        };
    }

    private static boolean plainKey(String key) {
        return !key.startsWith("$") && key.indexOf('.') < 0 && key.indexOf('\0') < 0;
    }

    private static boolean sameTokens(String original, String written) {
        try (JsonParser expected = JSON.createParser(original); JsonParser actual = JSON.createParser(written)) {
            JsonToken token;
            do {
                token = expected.nextToken();
                if (token != actual.nextToken()) {
                    return false;
                }
                if (token != null && (token.isScalarValue() || token == JsonToken.FIELD_NAME)
                        && !expected.getText().equals(actual.getText())) {
                    return false;
                }
            } while (token != null);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
