package dev.cairn.eventstore.mongo.internal;

import dev.cairn.eventstore.mongo.support.StoredJson;
import dev.cairn.eventstore.mongo.support.StoredJsonFormat;
import org.axonframework.messaging.MetaData;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.SerializedType;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.axonframework.serialization.json.JacksonSerializer;
import org.bson.BsonBinary;
import org.bson.BsonDocument;
import org.bson.BsonValue;

import java.util.HashMap;
import java.util.Map;


/**
 * How a serialized payload or metadata value is held in a BSON field.
 * <p>
 * JSON serializers (Axon's {@link JacksonSerializer}) produce text that is stored as an embedded document when it is
 * a JSON object that converts without loss ({@link StoredJson}, always in format 2: decimals as decimal128, which is
 * what the engine has written from the start), and as the JSON string otherwise. Any other serializer's
 * output is stored as binary. Reading turns a document back into JSON text, a string into itself, binary into bytes.
 */
final class SerializedForm {

    private static final String METADATA_TYPE = MetaData.class.getName();
    private static final StoredJson EVENT_STORE = StoredJson.writing(StoredJsonFormat.V2);

    private SerializedForm() {
    }

    /**
     * Serializes {@code object} with {@code serializer} into the BSON value to store, with its type and revision.
     */
    public static Written write(Object object, Serializer serializer) {
        if (TypeGuard.writesJson(serializer)) {
            SerializedObject<String> json = serializer.serialize(object, String.class);
            return new Written(EVENT_STORE.toBson(json.getData()), json.getType());
        }
        SerializedObject<byte[]> bytes = serializer.serialize(object, byte[].class);
        return new Written(new BsonBinary(bytes.getData()), bytes.getType());
    }

    /**
     * Reads a stored BSON value back into the serialized object Axon deserializes and upcasts.
     *
     * @throws IllegalArgumentException when the value has a BSON type Cairn never writes
     */
    public static SerializedObject<?> read(BsonValue value, SerializedType type) {
        return switch (value.getBsonType()) {
            case DOCUMENT -> {
                StoredJson.requireReadable(value.asDocument());
                yield new DocumentAsJson(value.asDocument(), type);
            }
            case STRING -> new SimpleSerializedObject<>(value.asString().getValue(), String.class, type);
            case BINARY -> new SimpleSerializedObject<>(value.asBinary().getData(), byte[].class, type);
            default -> throw new IllegalArgumentException("holds BSON type " + value.getBsonType()
                                                                  + " where a document, string or binary was expected");
        };
    }

    /**
     * The metadata a JSON serializer reads from {@code serialized} when it is a stored document whose values are all
     * strings (the usual correlation, trace and tenant entries), built without writing and parsing its JSON text.
     *
     * @return that metadata, or {@code null} when {@code serialized} is anything else, for the serializer to read
     */
    static MetaData stringMetaData(SerializedObject<?> serialized) {
        if (!(serialized instanceof DocumentAsJson stored) || !METADATA_TYPE.equals(stored.type.getName())) {
            return null;
        }
        if (stored.document.isEmpty()) {
            return MetaData.emptyInstance();
        }
        Map<String, Object> values = new HashMap<>(stored.document.size() * 2);
        for (Map.Entry<String, BsonValue> entry : stored.document.entrySet()) {
            if (!entry.getValue().isString()) {
                return null;
            }
            values.put(entry.getKey(), entry.getValue().asString().getValue());
        }
        return MetaData.from(values);
    }

    /**
     * A stored document presented as JSON text, converted only when the data is asked for: streaming readers that
     * never touch a payload (or filter on its type first) skip the conversion.
     */
    private static final class DocumentAsJson implements SerializedObject<String> {
        private final BsonDocument document;
        private final SerializedType type;
        private String json;

        private DocumentAsJson(BsonDocument document, SerializedType type) {
            this.document = document;
            this.type = type;
        }

        @Override
        public Class<String> getContentType() {
            return String.class;
        }

        @Override
        public SerializedType getType() {
            return type;
        }

        @Override
        public synchronized String getData() {
            if (json == null) {
                json = StoredJson.toJson(document);
            }
            return json;
        }
    }

    /**
     * A serialized value as stored, and the type (name and revision) the serializer gave it.
     */
    public record Written(BsonValue value, SerializedType type) {
    }
}
