package dev.cairn.migration.internal;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoCursor;
import com.mongodb.client.MongoDatabase;
import dev.cairn.eventstore.mongo.layout.StorageLayout;
import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.BsonValue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Sorts.ascending;
import static dev.cairn.eventstore.mongo.layout.StorageLayout.*;

/**
 * Reads the commits of the target in global order, as the values verification and token conversion need.
 */
public final class TargetEvents {

    private final MongoCollection<BsonDocument> events;

    public TargetEvents(MongoDatabase target, StorageLayout layout) {
        this.events = target.getCollection(layout.eventCollection(), BsonDocument.class);
    }

    /**
     * One stored event.
     *
     * @param aggregateIdentifier {@code null} for an event outside an aggregate
     */
    public record Stored(long globalIndex, String eventIdentifier, String aggregateIdentifier, long sequenceNumber,
                         Instant timestamp, BsonDocument document) {

        public EventDigest digest() {
            return EventDigest.ofTarget(eventIdentifier, sequenceNumber, optional(document, AGGREGATE_TYPE),
                                        document.getString(PAYLOAD_TYPE).getValue(),
                                        optional(document, PAYLOAD_REVISION), timestamp, document.get(PAYLOAD),
                                        document.get(META_DATA));
        }
    }

    /** Calls {@code each} with every stored event in global order. */
    public void forEach(int batchSize, Consumer<Stored> each) {
        try (MongoCursor<BsonDocument> cursor = events.find().sort(ascending(ID)).batchSize(batchSize).iterator()) {
            while (cursor.hasNext()) {
                read(cursor.next()).forEach(each);
            }
        }
    }

    /** @return the stored events of one aggregate, in sequence order */
    public List<Stored> ofAggregate(String aggregateIdentifier) {
        List<Stored> found = new ArrayList<>();
        for (BsonDocument commit : events.find(eq(eventField(AGGREGATE_IDENTIFIER), aggregateIdentifier))) {
            read(commit).stream().filter(e -> aggregateIdentifier.equals(e.aggregateIdentifier()))
                        .forEach(found::add);
        }
        found.sort(java.util.Comparator.comparingLong(Stored::sequenceNumber));
        return found;
    }

    private static List<Stored> read(BsonDocument commit) {
        BsonArray array = commit.getArray(EVENTS, new BsonArray());
        long first = commit.getNumber(ID).longValue();
        List<Stored> stored = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            BsonDocument event = array.get(i).asDocument();
            BsonValue own = event.get(TIMESTAMP);
            long millis = own != null ? own.asDateTime().getValue() : commit.getDateTime(TIMESTAMP).getValue();
            int nanos = event.containsKey(TIMESTAMP_NANOS) ? event.getInt32(TIMESTAMP_NANOS).getValue() : 0;
            String aggregate = optional(event, AGGREGATE_IDENTIFIER);
            stored.add(new Stored(first + i, event.getString(EVENT_IDENTIFIER).getValue(), aggregate,
                                  aggregate == null ? 0 : event.getNumber(SEQUENCE_NUMBER).longValue(),
                                  Instant.ofEpochMilli(millis).plusNanos(nanos), event));
        }
        return stored;
    }

    private static String optional(BsonDocument document, String field) {
        BsonValue value = document.get(field);
        return value != null && value.isString() ? value.asString().getValue() : null;
    }
}
