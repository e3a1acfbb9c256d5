package dev.cairn.eventstore.mongo.support;

import org.bson.BsonDocument;
import org.bson.BsonValue;

/**
 * The formats in which {@link StoredJson} writes serializer JSON into documents that nodes of different releases read
 * side by side (dead letters, sagas, deadlines). Every release reads both; what differs is what an older node can read.
 * <ul>
 *     <li>{@link #V1}: a JSON object is stored as a document only when it needs no decimal128 value; otherwise (for
 *     example {@code 12.50}, or an integer beyond {@code long}) the whole JSON is stored as a string. This is what
 *     every node before format versions wrote, and all such nodes read it. A document written in this format carries
 *     no {@value #FIELD} field.</li>
 *     <li>{@link #V2}: decimals are stored as decimal128, as the event store stores event payloads, so {@code 12.50}
 *     stays a queryable number. The document carries {@code format: 2}. A node before format versions would read a
 *     decimal128 value as {@code {"$numberDecimal": "12.50"}}, so this format may be written only once every node
 *     runs a release that reads it (ADR 72).</li>
 * </ul>
 * The format to write is set on the builders of the components that keep such documents; their default is
 * {@link #configured()}: the system property {@value #PROPERTY} ({@code 1} or {@code 2}), or {@link #V1} when it is
 * not set.
 */
public enum StoredJsonFormat {

    /** Decimals as the JSON string; readable by every release. */
    V1(1),
    /** Decimals as decimal128; readable by releases with format versions only. */
    V2(2);

    /** The field that names the format of a document; a document without it is in format {@link #V1}. */
    public static final String FIELD = "format";
    /** The system property that sets the default format to write: {@code 1} or {@code 2}. */
    public static final String PROPERTY = "cairn.stored-json.format";

    private final int number;

    StoredJsonFormat(int number) {
        this.number = number;
    }

    /** @return the number stored in the {@value #FIELD} field */
    public int number() {
        return number;
    }

    /**
     * @return the format set by the system property {@value #PROPERTY}, {@link #V1} when it is not set
     * @throws IllegalArgumentException naming the property and its value when it is neither {@code 1} nor {@code 2}
     */
    public static StoredJsonFormat configured() {
        String value = System.getProperty(PROPERTY);
        if (value == null || value.isBlank()) {
            return V1;
        }
        return switch (value.strip()) {
            case "1" -> V1;
            case "2" -> V2;
            default -> throw new IllegalArgumentException(
                    "System property [" + PROPERTY + "] is [" + value + "]; the stored JSON format is 1 or 2");
        };
    }

    /**
     * @param document a stored document of a component that records its format
     * @return the format the document's stored JSON may use
     * @throws IllegalStateException naming the document when it was written in a newer format than this release reads
     */
    public static StoredJsonFormat of(BsonDocument document) {
        BsonValue stored = document.get(FIELD);
        if (stored == null || stored.isNull()) {
            return V1;
        }
        if (stored.isNumber()) {
            for (StoredJsonFormat format : values()) {
                if (format.number == stored.asNumber().intValue()) {
                    return format;
                }
            }
        }
        throw new IllegalStateException("Document [" + id(document) + "] has stored JSON format [" + stored
                                                + "], which this release does not read (it reads 1 and 2): it was"
                                                + " written by a newer release; upgrade this node");
    }

    private static String id(BsonDocument document) {
        BsonValue id = document.get("_id");
        return id != null && id.isString() ? id.asString().getValue() : String.valueOf(id);
    }
}
