package dev.cairn.sagas.internal;

import dev.cairn.eventstore.mongo.layout.IndexCatalog;
import dev.cairn.eventstore.mongo.support.IndexSpec;
import dev.cairn.eventstore.mongo.support.StoredJson;
import dev.cairn.eventstore.mongo.support.StoredJsonFormat;
import org.axonframework.deadline.DeadlineMessage;
import org.axonframework.deadline.GenericDeadlineMessage;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.ScopeDescriptor;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
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
 * The stored form of a deadline, and the only place that spells the deadline collection's field names:
 * <pre>
 * {_id, name, scope: {type, json}, dueAt, status, version, attempts, owner, leaseUntil, lastError, parkedAt,
 *  lease: {format: 2, owner, at, ms},                                     (while running: ADR 71)
 *  message: {identifier, timestamp, type, revision, payload, metaData}}   (type and revision: of the payload)
 * </pre>
 * Payload and meta data are kept by the shared {@link StoredJson} policy; a deadline written in stored JSON format 2
 * (decimals as decimal128) also carries {@code format: 2}, one without it is format 1.
 */
public final class DeadlineDocuments {

    public static final String ID = "_id";
    public static final String NAME = "name";
    public static final String SCOPE = "scope";
    public static final String SCOPE_JSON = "scope.json";
    public static final String DUE_AT = "dueAt";
    public static final String STATUS = "status";
    public static final String VERSION = "version";
    public static final String ATTEMPTS = "attempts";
    public static final String OWNER = "owner";
    public static final String LEASE_UNTIL = "leaseUntil";
    /** The running claim's {@link dev.cairn.processing.Lease}, judged on the database's clock. */
    public static final String LEASE = "lease";
    public static final String LAST_ERROR = "lastError";
    public static final String PARKED_AT = "parkedAt";
    public static final String MESSAGE = "message";
    private static final String TYPE = "type";
    private static final String JSON = "json";
    private static final String IDENTIFIER = "identifier";
    private static final String TIMESTAMP = "timestamp";
    private static final String PAYLOAD_TYPE = "type";
    private static final String PAYLOAD_REVISION = "revision";
    private static final String PAYLOAD = "payload";
    private static final String META_DATA = "metaData";

    /** The states of a stored deadline; a fired or cancelled deadline is deleted. */
    public enum Status { SCHEDULED, RUNNING, PARKED }

    private DeadlineDocuments() {
    }

    /** @return the indexes of the deadline collection, from {@link IndexCatalog#DEADLINES} */
    public static List<IndexSpec> indexes() {
        return IndexCatalog.DEADLINES;
    }

    /**
     * @return the scope as the serializer writes it: what {@code cancelAllWithinScope} compares
     */
    public static BsonDocument scope(ScopeDescriptor scope, Serializer serializer) {
        SerializedObject<String> serialized = serializer.serialize(scope, String.class);
        return new BsonDocument(TYPE, new BsonString(serialized.getType().getName()))
                .append(JSON, new BsonString(serialized.getData()));
    }

    /**
     * @return the document of a new scheduled deadline, its payload and meta data kept by {@code storedJson} (and the
     * document stamped with its format)
     */
    public static BsonDocument newDeadline(String id, String name, BsonDocument scope, Instant dueAt,
                                           DeadlineMessage<?> message, Serializer serializer, StoredJson storedJson) {
        SerializedObject<String> payload = serializer.serialize(message.getPayload(), String.class);
        SerializedObject<String> metaData = serializer.serialize(message.getMetaData(), String.class);
        BsonDocument stored = new BsonDocument(IDENTIFIER, new BsonString(message.getIdentifier()))
                .append(TIMESTAMP, new BsonString(message.getTimestamp().toString()))
                .append(PAYLOAD_TYPE, new BsonString(payload.getType().getName()))
                .append(PAYLOAD_REVISION, payload.getType().getRevision() == null ? BsonNull.VALUE
                        : new BsonString(payload.getType().getRevision()))
                .append(PAYLOAD, storedJson.toBson(payload.getData()))
                .append(META_DATA, storedJson.toBson(metaData.getData()));
        return storedJson.stamp(new BsonDocument(ID, new BsonString(id))
                .append(NAME, new BsonString(name))
                .append(SCOPE, scope)
                .append(DUE_AT, new BsonDateTime(dueAt.toEpochMilli()))
                .append(STATUS, new BsonString(Status.SCHEDULED.name()))
                .append(VERSION, new BsonInt64(0))
                .append(ATTEMPTS, new BsonInt32(0))
                .append(MESSAGE, stored));
    }

    public static ScopeDescriptor scopeOf(BsonDocument deadline, Serializer serializer) {
        BsonDocument scope = deadline.getDocument(SCOPE);
        return serializer.deserialize(new SimpleSerializedObject<>(scope.getString(JSON).getValue(), String.class,
                                                                   scope.getString(TYPE).getValue(), null));
    }

    /**
     * @return the deadline message of a stored deadline of any stored JSON format this release reads
     * @throws IllegalStateException naming the deadline when it was written in a newer format
     */
    public static DeadlineMessage<?> messageOf(BsonDocument deadline, Serializer serializer) {
        StoredJsonFormat.of(deadline);
        BsonDocument message = deadline.getDocument(MESSAGE);
        BsonValue revision = message.get(PAYLOAD_REVISION);
        Object payload = serializer.deserialize(new SimpleSerializedObject<>(
                StoredJson.toJson(message.get(PAYLOAD)), String.class, message.getString(PAYLOAD_TYPE).getValue(),
                revision == null || revision.isNull() ? null : revision.asString().getValue()));
        MetaData metaData = serializer.deserialize(new SimpleSerializedObject<>(
                StoredJson.toJson(message.get(META_DATA)), String.class, MetaData.class.getName(), null));
        return new GenericDeadlineMessage<>(deadline.getString(NAME).getValue(),
                                            message.getString(IDENTIFIER).getValue(), payload, metaData,
                                            Instant.parse(message.getString(TIMESTAMP).getValue()));
    }

    public static String id(BsonDocument deadline) {
        return deadline.getString(ID).getValue();
    }

    public static String name(BsonDocument deadline) {
        return deadline.getString(NAME).getValue();
    }

    public static long version(BsonDocument deadline) {
        return deadline.getInt64(VERSION).getValue();
    }

    public static int attempts(BsonDocument deadline) {
        return deadline.getInt32(ATTEMPTS).getValue();
    }
}
