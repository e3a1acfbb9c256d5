package dev.cairn.eventstore.mongo.internal;

import org.bson.BsonDateTime;
import org.bson.BsonDocument;
import org.bson.BsonInt32;

import java.time.Instant;

import static dev.cairn.eventstore.mongo.layout.StorageLayout.TIMESTAMP;
import static dev.cairn.eventstore.mongo.layout.StorageLayout.TIMESTAMP_NANOS;

/**
 * Timestamps are stored as BSON dates (millisecond precision, queryable) plus, when the instant has more precision,
 * {@code timestampNanos}: the nanoseconds within that millisecond, so the exact instant comes back.
 */
final class Timestamps {

    private static final int NANOS_PER_MILLI = 1_000_000;

    private Timestamps() {
    }

    static void write(BsonDocument document, Instant timestamp) {
        document.append(TIMESTAMP, new BsonDateTime(timestamp.toEpochMilli()));
        int subMillis = timestamp.getNano() % NANOS_PER_MILLI;
        if (subMillis != 0) {
            document.append(TIMESTAMP_NANOS, new BsonInt32(subMillis));
        }
    }

    static Instant read(long epochMilli, int subMillis) {
        return Instant.ofEpochMilli(epochMilli).plusNanos(subMillis);
    }
}
