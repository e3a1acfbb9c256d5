package dev.cairn.eventstore.mongo;

import org.bson.BsonValue;

import java.time.Instant;

/**
 * One stored event as an operator sees it ({@link EventStoreOperations#eventsAfter(long, int)}): its fields as stored,
 * the payload still in its stored form. The payload type is the stored type name, never resolved to a class, so an
 * event of any application can be shown, whatever its allowed types ({@link AllowedTypes}) and class path.
 *
 * @param position            the event's global position
 * @param timestamp           when it was stored (the commit's timestamp when the event stored none of its own)
 * @param aggregateType       the aggregate's type, {@code null} for an event published outside an aggregate
 * @param aggregateIdentifier the aggregate, {@code null} for an event published outside an aggregate
 * @param sequenceNumber      its sequence number in the aggregate, {@code null} outside an aggregate
 * @param payloadType         the stored type name of the payload
 * @param payloadRevision     the stored revision of the payload type, {@code null} without one
 * @param eventIdentifier     the event's identifier
 * @param payload             the payload as stored: a document (JSON serializers), a string or binary
 */
public record StoredEventView(long position, Instant timestamp, String aggregateType, String aggregateIdentifier,
                              Long sequenceNumber, String payloadType, String payloadRevision, String eventIdentifier,
                              BsonValue payload) {
}
