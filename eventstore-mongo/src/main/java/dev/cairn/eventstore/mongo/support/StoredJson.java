package dev.cairn.eventstore.mongo.support;

import com.mongodb.client.model.Updates;
import org.bson.BsonBinary;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonString;
import org.bson.BsonValue;
import org.bson.conversions.Bson;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;

/**
 * The one policy by which Cairn keeps serializer output (payloads, meta data, saga state, diagnostics, tokens) in
 * documents: as a readable, queryable BSON document whenever that loses nothing, otherwise as the JSON string, and
 * as binary when the data is not UTF-8 text.
 * <p>
 * <b>Lossless</b>: a JSON object becomes a document whose values are the BSON types plain JSON maps to, and writing
 * it back gives the same JSON. Integers become int32 or int64 (decimal128 beyond {@code long}); a fraction becomes a
 * double only when the double prints back as the same text, otherwise decimal128, so {@code 12.50} stays
 * {@code 12.50}. Field names starting with {@code $} or holding {@code .} or NUL, and numbers decimal128 cannot hold,
 * keep the string form.
 * <p>
 * <b>Formats</b>: the event store always writes decimal128 (its documents were never read by another converter).
 * Components whose documents older releases also read write in a {@link StoredJsonFormat}: in {@link
 * StoredJsonFormat#V1} a JSON object that needs a decimal128 value keeps the string form, as every release before
 * format versions wrote; in {@link StoredJsonFormat#V2} it is a document. Reading accepts every form of every format,
 * so a document stays readable whichever node wrote it. Such components stamp their documents with
 * {@link #formatField()} and check it on reading with {@link StoredJsonFormat#of(BsonDocument)}.
 */
public final class StoredJson {

    private final StoredJsonFormat format;

    private StoredJson(StoredJsonFormat format) {
        this.format = format;
    }

    /**
     * @param format the format new values are written in
     * @return the policy writing in {@code format}
     */
    public static StoredJson writing(StoredJsonFormat format) {
        return new StoredJson(Objects.requireNonNull(format, "The stored JSON format may not be null"));
    }

    /** @return the format this policy writes */
    public StoredJsonFormat format() {
        return format;
    }

    /**
     * @return the field and value that mark a document written by this policy ({@code format: 2}), or empty in format
     * {@link StoredJsonFormat#V1}, whose documents carry no format field
     */
    public Optional<BsonDocument> formatField() {
        return format == StoredJsonFormat.V1 ? Optional.empty()
                : Optional.of(new BsonDocument(StoredJsonFormat.FIELD, new BsonInt32(format.number())));
    }

    /**
     * @return {@code document} with {@link #formatField()} added, when there is one
     */
    public BsonDocument stamp(BsonDocument document) {
        formatField().ifPresent(document::putAll);
        return document;
    }

    /**
     * @return the update that sets {@link #formatField()} with other values written by this policy, if there is one
     */
    public Optional<Bson> stampUpdate() {
        return format == StoredJsonFormat.V1 ? Optional.empty()
                : Optional.of(Updates.set(StoredJsonFormat.FIELD, new BsonInt32(format.number())));
    }

    /**
     * @param json serializer output
     * @return the JSON as a document when that is lossless in this format, otherwise as a string
     */
    public BsonValue toBson(String json) {
        Objects.requireNonNull(json, "The JSON may not be null");
        Optional<BsonDocument> document = JsonBson.toDocument(json);
        if (document.isPresent() && (format != StoredJsonFormat.V1 || !JsonBson.holdsDecimal128(document.get()))) {
            return document.get();
        }
        return new BsonString(json);
    }

    /**
     * @param data serializer output of any serializer
     * @return the data as a document or a string (as {@link #toBson(String)}) when it is UTF-8 text, else as binary
     */
    public BsonValue toBson(byte[] data) {
        Objects.requireNonNull(data, "The data may not be null");
        try {
            String text = StandardCharsets.UTF_8.newDecoder()
                                                .onMalformedInput(CodingErrorAction.REPORT)
                                                .onUnmappableCharacter(CodingErrorAction.REPORT)
                                                .decode(ByteBuffer.wrap(data))
                                                .toString();
            return toBson(text);
        } catch (CharacterCodingException e) {
            return new BsonBinary(data);
        }
    }

    /**
     * @param stored a value written by {@link #toBson(String)} in any format
     * @return the JSON text it stands for
     * @throws IllegalArgumentException when the value is neither a document nor a string, or the document holds a
     *                                  BSON type JSON has no form for (naming the field)
     */
    public static String toJson(BsonValue stored) {
        Objects.requireNonNull(stored, "The stored value may not be null");
        return switch (stored.getBsonType()) {
            case DOCUMENT -> JsonBson.toJson(stored.asDocument());
            case STRING -> stored.asString().getValue();
            default -> throw new IllegalArgumentException(
                    "Stored JSON is a document or a string, not " + stored.getBsonType());
        };
    }

    /**
     * @param stored a value written by {@link #toBson(byte[])} in any format
     * @return the bytes it stands for (a document as compact UTF-8 JSON)
     * @throws IllegalArgumentException when the value is not a document, a string or binary, or the document holds a
     *                                  BSON type JSON has no form for (naming the field)
     */
    public static byte[] toBytes(BsonValue stored) {
        Objects.requireNonNull(stored, "The stored value may not be null");
        return switch (stored.getBsonType()) {
            case DOCUMENT, STRING -> toJson(stored).getBytes(StandardCharsets.UTF_8);
            case BINARY -> stored.asBinary().getData();
            default -> throw new IllegalArgumentException(
                    "Serialized data is stored as a document, a string or binary, not as " + stored.getBsonType());
        };
    }

    /**
     * Checks that {@link #toJson(BsonValue)} can convert {@code document}, without converting it.
     *
     * @throws IllegalArgumentException naming the field that holds a BSON type JSON has no form for
     */
    public static void requireReadable(BsonDocument document) {
        JsonBson.requireConvertible(document);
    }
}
