package dev.cairn.projections.internal.deadletter;

import com.mongodb.client.model.Updates;
import org.bson.BsonDateTime;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.conversions.Bson;

import java.time.Instant;
import java.util.List;

/**
 * Instants as BSON dates (readable and comparable in mongosh) plus, only when the instant is finer than a millisecond,
 * a companion field {@code <name>Nanos} with the nanoseconds within that millisecond, so instants read back exactly.
 */
final class Instants {

    private static final String NANOS_SUFFIX = "Nanos";
    private static final int NANOS_PER_MILLI = 1_000_000;

    private Instants() {
    }

    static void put(BsonDocument document, String field, Instant instant) {
        document.put(field, new BsonDateTime(instant.toEpochMilli()));
        int nanos = instant.getNano() % NANOS_PER_MILLI;
        if (nanos != 0) {
            document.put(field + NANOS_SUFFIX, new BsonInt32(nanos));
        }
    }

    static Instant get(BsonDocument document, String field) {
        Instant millis = Instant.ofEpochMilli(document.getDateTime(field).getValue());
        return millis.plusNanos(document.getInt32(field + NANOS_SUFFIX, new BsonInt32(0)).getValue());
    }

    /**
     * @return the update setting {@code field} to {@code instant}, and its companion field or removing it
     */
    static List<Bson> set(String field, Instant instant) {
        int nanos = instant.getNano() % NANOS_PER_MILLI;
        return List.of(Updates.set(field, new BsonDateTime(instant.toEpochMilli())),
                       nanos != 0 ? Updates.set(field + NANOS_SUFFIX, nanos) : Updates.unset(field + NANOS_SUFFIX));
    }

    /**
     * @return the name of the companion field holding the nanoseconds within the millisecond of {@code field}
     */
    static String nanosField(String field) {
        return field + NANOS_SUFFIX;
    }
}
