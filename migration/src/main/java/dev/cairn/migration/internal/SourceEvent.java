package dev.cairn.migration.internal;

import org.bson.BsonValue;

import java.time.Instant;

/**
 * One event of the Mongo extension as stored, never deserialized.
 *
 * @param aggregateIdentifier {@code null} for an event published outside an aggregate (the extension stores its event
 *                            identifier there)
 * @param payloadRevision     {@code null} when the payload has none
 * @param payload             the serialized payload as stored (a string for Jackson and XStream)
 * @param metaData            the serialized metadata as stored
 */
public record SourceEvent(String eventIdentifier, String aggregateType, String aggregateIdentifier,
                          long sequenceNumber, Instant timestamp, String payloadType, String payloadRevision,
                          BsonValue payload, BsonValue metaData) {

    /** @return whether the event belongs to an aggregate's stream */
    public boolean isDomainEvent() {
        return aggregateIdentifier != null;
    }

    /** @return about how many bytes payload and metadata take (characters of text, bytes of binary) */
    public long storedSize() {
        return size(payload) + size(metaData);
    }

    private static long size(BsonValue value) {
        if (value.isString()) {
            return value.asString().getValue().length();
        }
        return value.isBinary() ? value.asBinary().getData().length : 0;
    }
}
