package dev.cairn.eventstore.mongo.internal;

import org.axonframework.serialization.SimpleSerializedType;
import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.BsonType;
import org.bson.BsonValue;

import static dev.cairn.eventstore.mongo.layout.StorageLayout.*;

/**
 * Typed reads of stored fields that fail with the name of the missing or mistyped field.
 */
final class Fields {

    private static final SimpleSerializedType METADATA_TYPE =
            new SimpleSerializedType(org.axonframework.messaging.MetaData.class.getName(), null);

    private Fields() {
    }

    /**
     * @param container the commit holding the event, whose timestamp is the event's when the event has none; the
     *                  snapshot document itself for a snapshot
     */
    static StoredEvent event(BsonDocument event, long globalIndex, String prefix, BsonDocument container) {
        String aggregateIdentifier = optionalString(event, AGGREGATE_IDENTIFIER, prefix);
        SimpleSerializedType payloadType = new SimpleSerializedType(
                string(event, PAYLOAD_TYPE, prefix), optionalString(event, PAYLOAD_REVISION, prefix));
        return new StoredEvent(globalIndex,
                               string(event, EVENT_IDENTIFIER, prefix),
                               optionalString(event, AGGREGATE_TYPE, prefix),
                               aggregateIdentifier,
                               aggregateIdentifier == null ? 0L : int64(event, SEQUENCE_NUMBER, prefix),
                               Timestamps.read(event.containsKey(TIMESTAMP)
                                                       ? value(event, TIMESTAMP, BsonType.DATE_TIME, prefix)
                                                       .asDateTime().getValue()
                                                       : value(container, TIMESTAMP, BsonType.DATE_TIME, "")
                                                       .asDateTime().getValue(),
                                               event.containsKey(TIMESTAMP_NANOS)
                                                       ? value(event, TIMESTAMP_NANOS, BsonType.INT32, prefix)
                                                       .asInt32().getValue() : 0),
                               serialized(event, PAYLOAD, payloadType, prefix),
                               event.containsKey(META_DATA)
                                       ? serialized(event, META_DATA, METADATA_TYPE, prefix)
                                       : SerializedForm.read(new BsonDocument(), METADATA_TYPE));
    }

    static long int64(BsonDocument document, String field) {
        return int64(document, field, "");
    }

    static BsonArray array(BsonDocument document, String field) {
        return value(document, field, BsonType.ARRAY, "").asArray();
    }

    private static long int64(BsonDocument document, String field, String prefix) {
        BsonValue value = document.get(field);
        if (value == null) {
            throw new MalformedDocumentException(prefix + field, "is missing");
        }
        if (value.isInt64() || value.isInt32()) {
            return value.asNumber().longValue();
        }
        throw new MalformedDocumentException(prefix + field, "is " + value.getBsonType() + ", expected INT64");
    }

    static String string(BsonDocument document, String field, String prefix) {
        return value(document, field, BsonType.STRING, prefix).asString().getValue();
    }

    static String optionalString(BsonDocument document, String field, String prefix) {
        return document.containsKey(field) ? string(document, field, prefix) : null;
    }

    private static org.axonframework.serialization.SerializedObject<?> serialized(
            BsonDocument document, String field, SimpleSerializedType type, String prefix) {
        BsonValue value = document.get(field);
        if (value == null) {
            throw new MalformedDocumentException(prefix + field, "is missing");
        }
        try {
            return SerializedForm.read(value, type);
        } catch (IllegalArgumentException e) {
            throw new MalformedDocumentException(prefix + field, e.getMessage());
        }
    }

    private static BsonValue value(BsonDocument document, String field, BsonType type, String prefix) {
        BsonValue value = document.get(field);
        if (value == null) {
            throw new MalformedDocumentException(prefix + field, "is missing");
        }
        if (value.getBsonType() != type) {
            throw new MalformedDocumentException(prefix + field, "is " + value.getBsonType() + ", expected " + type);
        }
        return value;
    }
}
