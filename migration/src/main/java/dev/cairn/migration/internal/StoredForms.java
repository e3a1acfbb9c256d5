package dev.cairn.migration.internal;

import dev.cairn.eventstore.mongo.support.StoredJson;
import dev.cairn.eventstore.mongo.support.StoredJsonFormat;
import org.bson.BsonDocument;
import org.bson.BsonValue;

/**
 * Turns a payload or metadata value as the Mongo extension stored it into the value Cairn's engine stores, without
 * deserializing it: serializer text goes through the engine's own policy ({@link StoredJson}, format 2), so a JSON
 * object becomes the document the engine would have written and any other text (XStream's XML) stays the string it
 * was; the engine hands either back to the application's serializer as text.
 */
public final class StoredForms {

    private static final StoredJson EVENT_STORE = StoredJson.writing(StoredJsonFormat.V2);

    private StoredForms() {
    }

    /**
     * @param what names the value in an error: event identifier and field
     * @throws UnsupportedSourceValueException when the value is not text (a nested document written by the
     *                                         extension's {@code DBObjectXStreamSerializer}, say)
     */
    public static BsonValue toStored(BsonValue source, String what) {
        if (source.isString()) {
            return EVENT_STORE.toBson(source.asString().getValue());
        }
        if (source.isBinary()) {
            return EVENT_STORE.toBson(source.asBinary().getData());
        }
        throw new UnsupportedSourceValueException(what + " is stored as " + source.getBsonType()
                                                          + " (written by a serializer to documents, such as "
                                                          + "DBObjectXStreamSerializer), which this migration does not "
                                                          + "convert; only serializer text (Jackson JSON, XStream XML) is "
                                                          + "migrated");
    }

    /** @return whether a stored metadata value is the empty object, which the engine leaves out */
    public static boolean isEmpty(BsonValue stored) {
        return stored instanceof BsonDocument document && document.isEmpty();
    }

    /** A source value this migration does not convert, named. */
    public static final class UnsupportedSourceValueException extends RuntimeException {
        public UnsupportedSourceValueException(String message) {
            super(message);
        }
    }
}
