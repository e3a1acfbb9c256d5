package dev.cairn.eventstore.mongo.support;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import org.bson.BsonArray;
import org.bson.BsonBoolean;
import org.bson.BsonDecimal128;
import org.bson.BsonDocument;
import org.bson.BsonDouble;
import org.bson.BsonInt32;
import org.bson.BsonInt64;
import org.bson.BsonNull;
import org.bson.BsonString;
import org.bson.BsonValue;
import org.bson.types.Decimal128;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Optional;

/**
 * Lossless conversion between JSON text and BSON, so serialized payloads can be stored as queryable documents.
 * <p>
 * Numbers keep their exact text: integers become int32/int64 (or decimal128 beyond long), a fraction becomes a BSON
 * double only when the double prints back to the same text, otherwise decimal128 (so {@code 12.50} stays
 * {@code 12.50}). JSON that cannot be mapped without loss (field names starting with {@code $}, containing {@code .}
 * or NUL, numbers beyond decimal128) is reported as not convertible and the caller stores the text as is. The
 * public face of this conversion is {@link StoredJson}.
 */
final class JsonBson {

    private static final JsonFactory JSON = JsonFactory.builder().build();
    private static final BigInteger MAX_DECIMAL128_INTEGER = BigInteger.TEN.pow(34);

    private JsonBson() {
    }

    /**
     * @return the JSON object as a BSON document, or empty when the text is not a JSON object or not convertible
     * without loss
     */
    public static Optional<BsonDocument> toDocument(String json) {
        try (JsonParser parser = JSON.createParser(json)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return Optional.empty();
            }
            BsonDocument document = readObject(parser);
            return parser.nextToken() == null ? Optional.of(document) : Optional.empty();
        } catch (NotConvertible | IOException e) {
            return Optional.empty();
        }
    }

    /**
     * @return the JSON text of a document produced by {@link #toDocument(String)}
     * @throws IllegalArgumentException naming the field when the document holds a BSON type JSON has no form for
     */
    public static String toJson(BsonDocument document) {
        StringWriter out = new StringWriter();
        try (JsonGenerator generator = JSON.createGenerator(out)) {
            write(generator, document, "");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /**
     * Checks that {@link #toJson(BsonDocument)} can convert {@code document}, without converting it.
     *
     * @throws IllegalArgumentException naming the field that holds a BSON type JSON has no form for
     */
    public static void requireConvertible(BsonDocument document) {
        requireConvertible(document, "");
    }

    private static void requireConvertible(BsonValue value, String path) {
        switch (value.getBsonType()) {
            case DOCUMENT -> value.asDocument().forEach(
                    (name, field) -> requireConvertible(field, path.isEmpty() ? name : path + "." + name));
            case ARRAY -> {
                BsonArray array = value.asArray();
                for (int i = 0; i < array.size(); i++) {
                    requireConvertible(array.get(i), path + "[" + i + "]");
                }
            }
            case STRING, INT32, INT64, DOUBLE, DECIMAL128, BOOLEAN, NULL -> {
            }
            default -> throw new IllegalArgumentException(
                    "field [" + path + "] holds BSON type " + value.getBsonType() + ", which has no JSON form");
        }
    }

    /**
     * @return whether the value, or any value nested in it, is a decimal128
     */
    public static boolean holdsDecimal128(BsonValue value) {
        return switch (value.getBsonType()) {
            case DOCUMENT -> value.asDocument().values().stream().anyMatch(JsonBson::holdsDecimal128);
            case ARRAY -> value.asArray().stream().anyMatch(JsonBson::holdsDecimal128);
            case DECIMAL128 -> true;
            default -> false;
        };
    }

    private static BsonDocument readObject(JsonParser parser) throws IOException {
        BsonDocument document = new BsonDocument();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            if (name.startsWith("$") || name.indexOf('.') >= 0 || name.indexOf('\0') >= 0 || document.containsKey(name)) {
                throw new NotConvertible();
            }
            parser.nextToken();
            document.put(name, readValue(parser));
        }
        return document;
    }

    private static BsonValue readValue(JsonParser parser) throws IOException {
        return switch (parser.currentToken()) {
            case START_OBJECT -> readObject(parser);
            case START_ARRAY -> {
                BsonArray array = new BsonArray();
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    array.add(readValue(parser));
                }
                yield array;
            }
            case VALUE_STRING -> new BsonString(parser.getText());
            case VALUE_NUMBER_INT -> integer(parser);
            case VALUE_NUMBER_FLOAT -> fraction(parser.getText());
            case VALUE_TRUE -> BsonBoolean.TRUE;
            case VALUE_FALSE -> BsonBoolean.FALSE;
            case VALUE_NULL -> BsonNull.VALUE;
            default -> throw new NotConvertible();
        };
    }

    private static BsonValue integer(JsonParser parser) throws IOException {
        return switch (parser.getNumberType()) {
            case INT -> new BsonInt32(parser.getIntValue());
            case LONG -> new BsonInt64(parser.getLongValue());
            default -> {
                BigInteger value = parser.getBigIntegerValue();
                if (value.abs().compareTo(MAX_DECIMAL128_INTEGER) >= 0) {
                    throw new NotConvertible();
                }
                yield new BsonDecimal128(new Decimal128(new BigDecimal(value)));
            }
        };
    }

    private static BsonValue fraction(String text) {
        double asDouble = Double.parseDouble(text);
        if (Double.isFinite(asDouble) && Double.toString(asDouble).equals(text)) {
            return new BsonDouble(asDouble);
        }
        BigDecimal exact = new BigDecimal(text);
        try {
            Decimal128 decimal = new Decimal128(exact);
            if (!decimal.bigDecimalValue().toString().equals(exact.toString())) {
                throw new NotConvertible();
            }
            return new BsonDecimal128(decimal);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new NotConvertible();
        }
    }

    private static void write(JsonGenerator generator, BsonValue value, String path) throws IOException {
        switch (value.getBsonType()) {
            case DOCUMENT -> {
                generator.writeStartObject();
                for (var entry : value.asDocument().entrySet()) {
                    generator.writeFieldName(entry.getKey());
                    write(generator, entry.getValue(), path.isEmpty() ? entry.getKey() : path + "." + entry.getKey());
                }
                generator.writeEndObject();
            }
            case ARRAY -> {
                generator.writeStartArray();
                BsonArray array = value.asArray();
                for (int i = 0; i < array.size(); i++) {
                    write(generator, array.get(i), path + "[" + i + "]");
                }
                generator.writeEndArray();
            }
            case STRING -> generator.writeString(value.asString().getValue());
            case INT32 -> generator.writeNumber(value.asInt32().getValue());
            case INT64 -> generator.writeNumber(value.asInt64().getValue());
            case DOUBLE -> generator.writeNumber(value.asDouble().getValue());
            case DECIMAL128 -> generator.writeNumber(value.asDecimal128().getValue().bigDecimalValue());
            case BOOLEAN -> generator.writeBoolean(value.asBoolean().getValue());
            case NULL -> generator.writeNull();
            default -> throw new IllegalArgumentException(
                    "field [" + path + "] holds BSON type " + value.getBsonType() + ", which has no JSON form");
        }
    }

    /**
     * Signals JSON that cannot be stored as BSON without loss; never leaves this class.
     */
    private static final class NotConvertible extends RuntimeException {
        NotConvertible() {
            super(null, null, false, false);
        }
    }
}
