package dev.cairn.projections.internal.deadletter;

import dev.cairn.eventstore.mongo.support.StoredJson;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.GenericTrackedDomainEventMessage;
import org.axonframework.eventhandling.GenericTrackedEventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.messaging.MetaData;
import org.axonframework.serialization.SerializedMessage;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.bson.BsonDocument;
import org.bson.BsonInt64;
import org.bson.BsonNull;
import org.bson.BsonString;
import org.bson.BsonValue;

import java.time.Instant;

import static dev.cairn.projections.internal.deadletter.LetterFields.AGGREGATE;
import static dev.cairn.projections.internal.deadletter.LetterFields.IDENTIFIER;
import static dev.cairn.projections.internal.deadletter.LetterFields.MESSAGE_TYPE;
import static dev.cairn.projections.internal.deadletter.LetterFields.META_DATA;
import static dev.cairn.projections.internal.deadletter.LetterFields.PAYLOAD;
import static dev.cairn.projections.internal.deadletter.LetterFields.REVISION;
import static dev.cairn.projections.internal.deadletter.LetterFields.SEQUENCE;
import static dev.cairn.projections.internal.deadletter.LetterFields.TIMESTAMP;
import static dev.cairn.projections.internal.deadletter.LetterFields.TOKEN;
import static dev.cairn.projections.internal.deadletter.LetterFields.TYPE;
import static dev.cairn.projections.internal.deadletter.LetterFields.VALUE;

/**
 * Maps the event of a dead letter to its readable sub-document and back. Reading is lazy where Axon allows it: payload
 * and meta data deserialize on first use, so a letter whose payload class no longer exists can still be listed,
 * inspected and evicted.
 */
final class EventDocuments {

    private static final String EVENT_MESSAGE = "EventMessage";
    private static final String DOMAIN_EVENT_MESSAGE = "DomainEventMessage";
    private static final String TRACKED_EVENT_MESSAGE = "TrackedEventMessage";
    private static final String TRACKED_DOMAIN_EVENT_MESSAGE = "TrackedDomainEventMessage";

    private final Serializer serializer;
    private final StoredJson storedJson;

    EventDocuments(Serializer serializer, StoredJson storedJson) {
        this.serializer = serializer;
        this.storedJson = storedJson;
    }

    BsonDocument toDocument(EventMessage<?> message) {
        SerializedObject<byte[]> payload = message.serializePayload(serializer, byte[].class);
        SerializedObject<byte[]> metaData = message.serializeMetaData(serializer, byte[].class);
        DomainEventMessage<?> domain = message instanceof DomainEventMessage<?> d ? d : null;
        TrackingToken token = message instanceof TrackedEventMessage<?> t ? t.trackingToken() : null;

        BsonDocument document = new BsonDocument(MESSAGE_TYPE, new BsonString(messageType(domain != null, token)))
                .append(IDENTIFIER, new BsonString(message.getIdentifier()));
        Instants.put(document, TIMESTAMP, message.getTimestamp());
        document.append(TYPE, new BsonString(payload.getType().getName()))
                .append(REVISION, nullable(payload.getType().getRevision()))
                .append(PAYLOAD, storedJson.toBson(payload.getData()))
                .append(META_DATA, storedJson.toBson(metaData.getData()));
        if (domain != null) {
            document.append(AGGREGATE, new BsonDocument(TYPE, nullable(domain.getType()))
                    .append(IDENTIFIER, nullable(domain.getAggregateIdentifier()))
                    .append(SEQUENCE, new BsonInt64(domain.getSequenceNumber())));
        }
        if (token != null) {
            SerializedObject<byte[]> serializedToken = serializer.serialize(token, byte[].class);
            document.append(TOKEN, new BsonDocument(TYPE, new BsonString(serializedToken.getType().getName()))
                    .append(REVISION, nullable(serializedToken.getType().getRevision()))
                    .append(VALUE, storedJson.toBson(serializedToken.getData())));
        }
        return document;
    }

    EventMessage<?> toMessage(BsonDocument document) {
        String identifier = document.getString(IDENTIFIER).getValue();
        Instant timestamp = Instants.get(document, TIMESTAMP);
        SerializedObject<byte[]> payload = new SimpleSerializedObject<>(
                StoredJson.toBytes(document.get(PAYLOAD)), byte[].class,
                document.getString(TYPE).getValue(), string(document.get(REVISION)));
        SerializedObject<byte[]> metaData = new SimpleSerializedObject<>(
                StoredJson.toBytes(document.get(META_DATA)), byte[].class,
                serializer.typeForClass(MetaData.class));
        SerializedMessage<Object> delegate = new SerializedMessage<>(identifier, payload, metaData, serializer);

        TrackingToken token = document.isDocument(TOKEN) ? token(document.getDocument(TOKEN)) : null;
        if (!document.isDocument(AGGREGATE)) {
            return token == null
                    ? new GenericEventMessage<>(delegate, () -> timestamp)
                    : new GenericTrackedEventMessage<>(token, delegate, () -> timestamp);
        }
        BsonDocument aggregate = document.getDocument(AGGREGATE);
        String type = string(aggregate.get(TYPE));
        String aggregateIdentifier = string(aggregate.get(IDENTIFIER));
        long sequence = aggregate.getInt64(SEQUENCE).getValue();
        return token == null
                ? new GenericDomainEventMessage<>(type, aggregateIdentifier, sequence, delegate, () -> timestamp)
                : new GenericTrackedDomainEventMessage<>(token, type, aggregateIdentifier, sequence, delegate,
                                                         () -> timestamp);
    }

    private TrackingToken token(BsonDocument token) {
        return serializer.deserialize(new SimpleSerializedObject<>(
                StoredJson.toBytes(token.get(VALUE)), byte[].class,
                token.getString(TYPE).getValue(), string(token.get(REVISION))));
    }

    private static String messageType(boolean domain, TrackingToken token) {
        if (token != null) {
            return domain ? TRACKED_DOMAIN_EVENT_MESSAGE : TRACKED_EVENT_MESSAGE;
        }
        return domain ? DOMAIN_EVENT_MESSAGE : EVENT_MESSAGE;
    }

    static BsonValue nullable(String value) {
        return value == null ? BsonNull.VALUE : new BsonString(value);
    }

    static String string(BsonValue value) {
        return value == null || value.isNull() ? null : value.asString().getValue();
    }
}
