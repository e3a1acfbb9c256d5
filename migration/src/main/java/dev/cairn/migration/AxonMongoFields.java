package dev.cairn.migration;

import org.axonframework.common.AxonConfigurationException;

/**
 * The field names of the Mongo extension's event and snapshot documents, which applications may rename through its
 * {@code EventEntryConfiguration}. The defaults are the extension's: {@code aggregateIdentifier}, {@code type},
 * {@code sequenceNumber}, {@code eventIdentifier}, {@code timestamp} (an ISO-8601 string), {@code payloadType},
 * {@code payloadRevision}, {@code serializedPayload}, {@code serializedMetaData}.
 *
 * @param aggregateIdentifier the aggregate identifier (equal to the event identifier for a non-aggregate event)
 * @param type                the aggregate type
 * @param sequenceNumber      the sequence number within the aggregate
 * @param eventIdentifier     the event identifier
 * @param timestamp           the timestamp, an ISO-8601 string
 * @param payloadType         the payload's type name
 * @param payloadRevision     the payload's revision (may be null in a document)
 * @param payload             the serialized payload (a string, or a document)
 * @param metaData            the serialized metadata
 */
public record AxonMongoFields(String aggregateIdentifier, String type, String sequenceNumber, String eventIdentifier,
                              String timestamp, String payloadType, String payloadRevision, String payload,
                              String metaData) {

    public AxonMongoFields {
        require(aggregateIdentifier, "aggregate identifier");
        require(type, "type");
        require(sequenceNumber, "sequence number");
        require(eventIdentifier, "event identifier");
        require(timestamp, "timestamp");
        require(payloadType, "payload type");
        require(payloadRevision, "payload revision");
        require(payload, "payload");
        require(metaData, "metadata");
    }

    /**
     * @return the extension's default names
     */
    public static AxonMongoFields defaults() {
        return new AxonMongoFields("aggregateIdentifier", "type", "sequenceNumber", "eventIdentifier", "timestamp",
                                   "payloadType", "payloadRevision", "serializedPayload", "serializedMetaData");
    }

    /**
     * @return the fields every event and snapshot document has (the revision may be missing or null)
     */
    public java.util.List<String> required() {
        return java.util.List.of(aggregateIdentifier, type, sequenceNumber, eventIdentifier, timestamp, payloadType,
                                 payload, metaData);
    }

    /**
     * @param renamed field (as the extension's {@code EventEntryConfiguration} calls it: {@code aggregateIdentifier},
     *                {@code type}, {@code sequenceNumber}, {@code eventIdentifier}, {@code timestamp},
     *                {@code payloadType}, {@code payloadRevision}, {@code payload}, {@code metaData}) to its stored name
     * @return these names with the renamed ones replaced
     * @throws IllegalArgumentException naming an unknown field and the known ones
     */
    public AxonMongoFields renamed(java.util.Map<String, String> renamed) {
        java.util.Map<String, String> names = new java.util.LinkedHashMap<>();
        names.put("aggregateIdentifier", aggregateIdentifier);
        names.put("type", type);
        names.put("sequenceNumber", sequenceNumber);
        names.put("eventIdentifier", eventIdentifier);
        names.put("timestamp", timestamp);
        names.put("payloadType", payloadType);
        names.put("payloadRevision", payloadRevision);
        names.put("payload", payload);
        names.put("metaData", metaData);
        renamed.forEach((field, name) -> {
            if (!names.containsKey(field)) {
                throw new IllegalArgumentException("Unknown field [" + field + "]; known: " + names.keySet());
            }
            names.put(field, name);
        });
        return new AxonMongoFields(names.get("aggregateIdentifier"), names.get("type"), names.get("sequenceNumber"),
                                   names.get("eventIdentifier"), names.get("timestamp"), names.get("payloadType"),
                                   names.get("payloadRevision"), names.get("payload"), names.get("metaData"));
    }

    private static void require(String name, String what) {
        if (name == null || name.isBlank()) {
            throw new AxonConfigurationException("The " + what + " field name may not be null or blank");
        }
    }
}
