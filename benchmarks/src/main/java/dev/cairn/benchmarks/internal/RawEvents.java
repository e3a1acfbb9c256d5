package dev.cairn.benchmarks.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import dev.cairn.eventstore.mongo.CairnSerializers;
import org.bson.BsonDateTime;
import org.bson.BsonDocument;
import org.bson.BsonInt64;
import org.bson.BsonString;
import org.axonframework.eventhandling.DomainEventMessage;

import java.io.UncheckedIOException;

/**
 * The raw driver baseline's storage: one document per event holding the same fields and the same BSON payload as
 * Cairn's event entries, and a unique index on aggregate and sequence number (the optimistic lock every event store
 * needs). Payloads go through the same Jackson mapper Cairn uses, so both do the same serialization work.
 */
public final class RawEvents {

    public static final String AGGREGATE_IDENTIFIER = "aggregateIdentifier";
    public static final String SEQUENCE_NUMBER = "sequenceNumber";
    public static final String PAYLOAD = "payload";

    private static final ObjectMapper MAPPER = CairnSerializers.objectMapper();

    private RawEvents() {
    }

    /**
     * Creates the unique index of the raw event collection.
     */
    public static void createIndexes(MongoCollection<BsonDocument> events) {
        events.createIndex(Indexes.ascending(AGGREGATE_IDENTIFIER, SEQUENCE_NUMBER),
                           new IndexOptions().unique(true).name("raw_aggregate_sequence"));
    }

    /**
     * @return the raw document of one event ({@code _id} is left to the driver)
     */
    public static BsonDocument document(DomainEventMessage<?> event) {
        return new BsonDocument("eventIdentifier", new BsonString(event.getIdentifier()))
                .append("aggregateType", new BsonString(event.getType()))
                .append(AGGREGATE_IDENTIFIER, new BsonString(event.getAggregateIdentifier()))
                .append(SEQUENCE_NUMBER, new BsonInt64(event.getSequenceNumber()))
                .append("timestamp", new BsonDateTime(event.getTimestamp().toEpochMilli()))
                .append("payloadType", new BsonString(event.getPayloadType().getName()))
                .append(PAYLOAD, toBson(event.getPayload()))
                .append("metaData", new BsonDocument());
    }

    /**
     * Serializes a value to a BSON document with Cairn's Jackson mapper.
     */
    public static BsonDocument toBson(Object value) {
        try {
            return BsonDocument.parse(MAPPER.writeValueAsString(value));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("Could not serialize " + value.getClass().getName(), e);
        }
    }

    /**
     * Deserializes a payload written by {@link #toBson(Object)}.
     */
    public static <T> T fromBson(BsonDocument document, Class<T> type) {
        try {
            return MAPPER.readValue(document.toJson(), type);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("Could not deserialize a " + type.getName(), e);
        }
    }
}
