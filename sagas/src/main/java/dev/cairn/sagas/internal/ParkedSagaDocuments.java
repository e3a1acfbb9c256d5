package dev.cairn.sagas.internal;

import dev.cairn.eventstore.mongo.layout.IndexCatalog;
import dev.cairn.eventstore.mongo.layout.StorageLayout;
import dev.cairn.eventstore.mongo.support.IndexSpec;
import dev.cairn.eventstore.mongo.support.StoredJson;
import dev.cairn.eventstore.mongo.support.StoredJsonFormat;
import org.axonframework.deadline.DeadlineMessage;
import org.axonframework.deadline.GenericDeadlineMessage;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.messaging.MetaData;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.bson.BsonArray;
import org.bson.BsonBoolean;
import org.bson.BsonDateTime;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonInt64;
import org.bson.BsonNull;
import org.bson.BsonString;
import org.bson.BsonValue;

import java.time.Instant;
import java.util.List;

/**
 * The stored form of a saga's parked events (ADR 51), one document per saga, and the only place that spells the
 * field names of collection {@code cairn_parked_saga_events}:
 * <pre>
 * {_id: sagaId, format: 1, sagaType, processingGroup, status: "RETRYING" | "RUNNING" | "PARKED",
 *  attempts, dueAt, parkedAt, lastError, version,
 *  owner, lease: {format: 2, owner, at, ms},                                         (while RUNNING: ADR 71)
 *  events: [{identifier, timestamp, type, revision, payload, metaData, start,         (the failed event first,
 *            aggregateType, aggregateIdentifier, sequenceNumber, deadlineName}]}      then those waiting behind it)
 * </pre>
 * {@code format} is the stored JSON format of payloads and meta data (1, or 2 with decimals as decimal128); a document
 * of a newer format is refused by name. {@code start} marks an event that starts the saga (the saga was never stored).
 */
public final class ParkedSagaDocuments {

    public static final String ID = "_id";
    public static final String FORMAT = StoredJsonFormat.FIELD;
    public static final String SAGA_TYPE = "sagaType";
    public static final String PROCESSING_GROUP = "processingGroup";
    public static final String STATUS = "status";
    public static final String ATTEMPTS = "attempts";
    public static final String DUE_AT = "dueAt";
    public static final String PARKED_AT = "parkedAt";
    public static final String LAST_ERROR = "lastError";
    public static final String VERSION = "version";
    public static final String OWNER = "owner";
    /** The retrying node's {@link dev.cairn.processing.Lease}, judged on the database's clock. */
    public static final String LEASE = "lease";
    public static final String EVENTS = "events";
    public static final String IDENTIFIER = "identifier";
    public static final String START = "start";
    private static final String TIMESTAMP = "timestamp";
    private static final String TYPE = "type";
    private static final String REVISION = "revision";
    private static final String PAYLOAD = "payload";
    private static final String META_DATA = "metaData";
    // a domain event's keys, named as in the event store
    private static final String AGGREGATE_TYPE = StorageLayout.AGGREGATE_TYPE;
    private static final String AGGREGATE_IDENTIFIER = StorageLayout.AGGREGATE_IDENTIFIER;
    private static final String SEQUENCE_NUMBER = StorageLayout.SEQUENCE_NUMBER;
    private static final String DEADLINE_NAME = "deadlineName";

    /** Retrying: due at {@code dueAt}; running: a node retries it now; parked: waits for an operator. */
    public enum Status { RETRYING, RUNNING, PARKED }

    private ParkedSagaDocuments() {
    }

    /** @return the indexes of the collection, from {@link IndexCatalog#PARKED_SAGA_EVENTS} */
    public static List<IndexSpec> indexes() {
        return IndexCatalog.PARKED_SAGA_EVENTS;
    }

    /** @return a new document for a saga whose event {@code event} (as {@link #event}) failed, or waits */
    public static BsonDocument newParking(String sagaId, String sagaType, String processingGroup, BsonDocument event,
                                          Status status, int attempts, Instant now, Instant dueAt, String error,
                                          StoredJson storedJson) {
        return new BsonDocument(ID, new BsonString(sagaId))
                .append(FORMAT, new BsonInt32(storedJson.format().number()))
                .append(SAGA_TYPE, new BsonString(sagaType))
                .append(PROCESSING_GROUP, new BsonString(processingGroup))
                .append(STATUS, new BsonString(status.name()))
                .append(ATTEMPTS, new BsonInt32(attempts))
                .append(DUE_AT, new BsonDateTime(dueAt.toEpochMilli()))
                .append(PARKED_AT, new BsonDateTime(now.toEpochMilli()))
                .append(LAST_ERROR, error == null ? BsonNull.VALUE : new BsonString(error))
                .append(VERSION, new BsonInt64(0))
                .append(EVENTS, new BsonArray(List.of(event)));
    }

    /** @return the stored form of {@code event}, {@code start} when it starts the saga */
    public static BsonDocument event(EventMessage<?> event, boolean start, Serializer serializer,
                                     StoredJson storedJson) {
        SerializedObject<String> payload = serializer.serialize(event.getPayload(), String.class);
        SerializedObject<String> metaData = serializer.serialize(event.getMetaData(), String.class);
        BsonDocument stored = new BsonDocument(IDENTIFIER, new BsonString(event.getIdentifier()))
                .append(TIMESTAMP, new BsonString(event.getTimestamp().toString()))
                .append(TYPE, new BsonString(payload.getType().getName()))
                .append(REVISION, payload.getType().getRevision() == null ? BsonNull.VALUE
                        : new BsonString(payload.getType().getRevision()))
                .append(PAYLOAD, storedJson.toBson(payload.getData()))
                .append(META_DATA, storedJson.toBson(metaData.getData()))
                .append(START, BsonBoolean.valueOf(start));
        if (event instanceof DomainEventMessage<?> domain) {
            stored.append(AGGREGATE_TYPE, domain.getType() == null ? BsonNull.VALUE : new BsonString(domain.getType()))
                  .append(AGGREGATE_IDENTIFIER, new BsonString(domain.getAggregateIdentifier()))
                  .append(SEQUENCE_NUMBER, new BsonInt64(domain.getSequenceNumber()));
        }
        if (event instanceof DeadlineMessage<?> deadline) {
            stored.append(DEADLINE_NAME, new BsonString(deadline.getDeadlineName()));
        }
        return stored;
    }

    /**
     * @return the message a stored event was: a deadline, a domain event or a plain event, with its identifier,
     * timestamp, payload and meta data
     * @throws IllegalStateException naming the saga when the document was written in a newer format
     */
    public static EventMessage<?> messageOf(BsonDocument parking, BsonDocument event, Serializer serializer) {
        StoredJsonFormat.of(parking);
        BsonValue revision = event.get(REVISION);
        Object payload = serializer.deserialize(new SimpleSerializedObject<>(
                StoredJson.toJson(event.get(PAYLOAD)), String.class, event.getString(TYPE).getValue(),
                revision == null || revision.isNull() ? null : revision.asString().getValue()));
        MetaData metaData = serializer.deserialize(new SimpleSerializedObject<>(
                StoredJson.toJson(event.get(META_DATA)), String.class, MetaData.class.getName(), null));
        String identifier = event.getString(IDENTIFIER).getValue();
        Instant timestamp = Instant.parse(event.getString(TIMESTAMP).getValue());
        if (event.containsKey(DEADLINE_NAME)) {
            return new GenericDeadlineMessage<>(event.getString(DEADLINE_NAME).getValue(), identifier, payload,
                                                metaData, timestamp);
        }
        if (event.containsKey(AGGREGATE_IDENTIFIER)) {
            BsonValue type = event.get(AGGREGATE_TYPE);
            return new GenericDomainEventMessage<>(type == null || type.isNull() ? null : type.asString().getValue(),
                                                   event.getString(AGGREGATE_IDENTIFIER).getValue(),
                                                   event.getInt64(SEQUENCE_NUMBER).getValue(), payload, metaData,
                                                   identifier, timestamp);
        }
        return new GenericEventMessage<>(identifier, payload, metaData, timestamp);
    }

    public static String sagaId(BsonDocument parking) {
        return parking.getString(ID).getValue();
    }

    public static List<BsonDocument> events(BsonDocument parking) {
        BsonValue events = parking.get(EVENTS);
        return events == null || !events.isArray() ? List.of()
                : events.asArray().stream().map(BsonValue::asDocument).toList();
    }

    public static boolean starts(BsonDocument event) {
        BsonValue start = event.get(START);
        return start != null && start.isBoolean() && start.asBoolean().getValue();
    }

    public static String eventType(BsonDocument event) {
        return event.getString(TYPE).getValue();
    }

    public static String eventId(BsonDocument event) {
        return event.getString(IDENTIFIER).getValue();
    }

    public static int attempts(BsonDocument parking) {
        return parking.getInt32(ATTEMPTS).getValue();
    }

    public static Instant instant(BsonDocument parking, String field) {
        BsonValue value = parking.get(field);
        return value == null || !value.isDateTime() ? null : Instant.ofEpochMilli(value.asDateTime().getValue());
    }

    public static String string(BsonDocument parking, String field) {
        BsonValue value = parking.get(field);
        return value == null || !value.isString() ? null : value.asString().getValue();
    }
}
