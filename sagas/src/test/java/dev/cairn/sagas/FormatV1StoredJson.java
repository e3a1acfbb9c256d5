package dev.cairn.sagas;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import org.bson.BSONException;
import org.bson.BsonDocument;
import org.bson.BsonString;
import org.bson.BsonValue;
import org.bson.json.JsonMode;
import org.bson.json.JsonParseException;
import org.bson.json.JsonWriterSettings;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;

/**
 * A copy, kept as test code, of the converter saga state and deadline payloads were written and read with before
 * stored JSON formats (format 1): the old node in {@link SagaFormatsAcrossReleasesTest}. Do not change it; it stands
 * for nodes already running.
 * <p>
 * Stores serializer JSON (saga state, deadline payloads) in the most readable form that reads back as the same text:
 * a BSON document when {@link BsonDocument#parse(String)} holds it without loss, the JSON string otherwise.
 * "Without loss" is checked by writing the document back and comparing texts, so {@code 12.50}, {@code $}-keys,
 * dotted keys and pretty-printed JSON keep the string form.
 */
final class FormatV1StoredJson {

    private static final JsonFactory JSON = JsonFactory.builder().build();
    private static final JsonWriterSettings RELAXED = JsonWriterSettings.builder().outputMode(JsonMode.RELAXED).build();

    private FormatV1StoredJson() {
    }

    /**
     * @return the JSON as a document when that is lossless, else as a string
     */
    public static BsonValue toBson(String json) {
        if (json.startsWith("{")) {
            try {
                BsonDocument document = BsonDocument.parse(json);
                if (plain(document) && json.equals(toJson(document))) {
                    return document;
                }
            } catch (JsonParseException | BSONException | NumberFormatException e) {
                // not JSON the driver reads as it is: the string form keeps it
            }
        }
        return new BsonString(json);
    }

    /**
     * @return the JSON text a value written by {@link #toBson(String)} stands for
     * @throws IllegalArgumentException when the value is neither a document nor a string
     */
    public static String toJson(BsonValue value) {
        if (value.isString()) {
            return value.asString().getValue();
        }
        if (!value.isDocument()) {
            throw new IllegalArgumentException("Stored JSON is a document or a string, not " + value.getBsonType());
        }
        StringWriter out = new StringWriter();
        try (JsonParser parser = JSON.createParser(value.asDocument().toJson(RELAXED));
             JsonGenerator generator = JSON.createGenerator(out)) {
            for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
                generator.copyCurrentEvent(parser);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static boolean plain(BsonValue value) {
        return switch (value.getBsonType()) {
            case DOCUMENT -> value.asDocument().entrySet().stream().allMatch(
                    field -> plainKey(field.getKey()) && plain(field.getValue()));
            case ARRAY -> value.asArray().stream().allMatch(FormatV1StoredJson::plain);
            case STRING, INT32, INT64, DOUBLE, BOOLEAN, NULL -> true;
            default -> false;
        };
    }

    private static boolean plainKey(String key) {
        return !key.startsWith("$") && key.indexOf('.') < 0 && key.indexOf('\0') < 0;
    }
}
