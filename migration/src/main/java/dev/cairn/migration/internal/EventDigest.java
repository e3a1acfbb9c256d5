package dev.cairn.migration.internal;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.cairn.eventstore.mongo.support.StoredJson;
import org.bson.BsonValue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What verification compares of one event, on either side: identifier, sequence number, aggregate type, payload type
 * and revision, timestamp, payload and metadata. JSON is compared as parsed values (decimals with their scale, so
 * {@code 12.50} differs from {@code 12.5}), other text as it is; absent metadata is the empty object.
 *
 * @param parts the compared values by name, in a fixed order
 */
public record EventDigest(Map<String, String> parts) {

    private static final ObjectMapper JSON = JsonMapper.builder()
                                                       .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                                                       .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS)
                                                       .build();

    /** The digest of a source event. */
    public static EventDigest ofSource(SourceEvent event) {
        return of(event.eventIdentifier(), event.sequenceNumber(), event.aggregateType(), event.payloadType(),
                  event.payloadRevision(), event.timestamp().toEpochMilli() + "+" + event.timestamp().getNano() % 1_000_000,
                  sourceText(event.payload()), sourceText(event.metaData()));
    }

    /** The digest of a stored event, from the values the engine reads. */
    public static EventDigest ofTarget(String identifier, long sequenceNumber, String aggregateType,
                                       String payloadType, String payloadRevision, java.time.Instant timestamp,
                                       BsonValue payload, BsonValue metaData) {
        return of(identifier, sequenceNumber, aggregateType, payloadType, payloadRevision,
                  timestamp.toEpochMilli() + "+" + timestamp.getNano() % 1_000_000, targetText(payload),
                  metaData == null ? canonical("{}") : targetText(metaData));
    }

    private static EventDigest of(String identifier, long sequenceNumber, String aggregateType, String payloadType,
                                  String payloadRevision, String timestamp, String payload, String metaData) {
        Map<String, String> parts = new LinkedHashMap<>();
        parts.put("identifier", identifier);
        parts.put("sequence number", Long.toString(sequenceNumber));
        parts.put("aggregate type", String.valueOf(aggregateType));
        parts.put("payload type", payloadType);
        parts.put("payload revision", String.valueOf(payloadRevision));
        parts.put("timestamp", timestamp);
        parts.put("payload", payload);
        parts.put("metadata", metaData);
        return new EventDigest(parts);
    }

    /** @return the first part that differs from {@code other}, or {@code null} */
    public String firstDifferentPart(EventDigest other) {
        for (Map.Entry<String, String> part : parts.entrySet()) {
            if (!part.getValue().equals(other.parts.get(part.getKey()))) {
                return part.getKey();
            }
        }
        return null;
    }

    /** @return the first 16 bytes of the SHA-256 of every part, as two longs to add up per aggregate */
    public long[] hash() {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (String value : parts.values()) {
                byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
                sha.update(ByteBuffer.allocate(4).putInt(bytes.length).array());
                sha.update(bytes);
            }
            ByteBuffer digest = ByteBuffer.wrap(sha.digest());
            return new long[]{digest.getLong(), digest.getLong()};
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    private static String sourceText(BsonValue value) {
        if (value.isString()) {
            return canonical(value.asString().getValue());
        }
        if (value.isBinary()) {
            return canonical(new String(value.asBinary().getData(), StandardCharsets.UTF_8));
        }
        return value.getBsonType() + ":" + value;
    }

    private static String targetText(BsonValue value) {
        if (value.isDocument() || value.isString()) {
            return canonical(StoredJson.toJson(value));
        }
        if (value.isBinary()) {
            return canonical(new String(value.asBinary().getData(), StandardCharsets.UTF_8));
        }
        return value.getBsonType() + ":" + Base64.getEncoder().encodeToString(value.toString().getBytes(
                StandardCharsets.UTF_8));
    }

    /** JSON objects and arrays as parsed values written compactly; anything else as it is. */
    static String canonical(String text) {
        String trimmed = text.strip();
        if (trimmed.startsWith("{") || trimmed.startsWith("[")) {
            try {
                JsonNode node = JSON.readTree(trimmed);
                return "json:" + JSON.writeValueAsString(node);
            } catch (java.io.IOException e) {
                // not JSON after all: compared as text
            }
        }
        return "text:" + text;
    }
}
