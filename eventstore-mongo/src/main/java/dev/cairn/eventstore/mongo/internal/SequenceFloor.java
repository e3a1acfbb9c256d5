package dev.cairn.eventstore.mongo.internal;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import dev.cairn.eventstore.mongo.layout.StorageLayout;
import dev.cairn.eventstore.mongo.support.MongoErrors;
import org.axonframework.eventsourcing.eventstore.EventStoreException;
import org.bson.BsonDocument;
import org.bson.BsonInt64;
import org.bson.BsonString;
import org.bson.BsonValue;

/**
 * Switches an event collection's sequence document from the counter earlier versions allocated global indexes from
 * to claiming indexes by insert (ADR 70), once and atomically, and reads the floor it leaves.
 * <p>
 * {@code {_id: "events", value: 1234}} becomes {@code {_id: "events", value: "claimed-by-insert", floor: 1234}} by a
 * compare-and-set on the value. Every range the counter handed out lies at or below the floor, so no new commit is
 * laid out into a range an earlier writer may still be storing. An earlier version's {@code $inc} then fails on the
 * string (the server refuses to increment a non-number), so it cannot hand out indexes among claimed ones.
 */
public final class SequenceFloor {

    private static final int ATTEMPTS = 10;

    private SequenceFloor() {
    }

    /**
     * Switches the sequence document if it still holds a counter, or creates it switched.
     *
     * @return the floor: no commit may be laid out at or below it
     * @throws EventStoreException naming the collection and document when the document is neither a counter nor
     *                             switched
     */
    public static long switchToClaims(MongoCollection<BsonDocument> sequences, String counterName) {
        BsonDocument filter = new BsonDocument(StorageLayout.ID, new BsonString(counterName));
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            BsonDocument current = sequences.find(filter).first();
            if (current == null) {
                try {
                    sequences.insertOne(filter.clone()
                                               .append(StorageLayout.COUNTER_VALUE,
                                                       new BsonString(StorageLayout.CLAIMED_BY_INSERT))
                                               .append(StorageLayout.SEQUENCE_FLOOR, new BsonInt64(0)));
                    return 0;
                } catch (RuntimeException e) {
                    if (!MongoErrors.isDuplicateKey(e)) {
                        throw e;
                    }
                    continue; // another node created it a moment ago: read what it wrote
                }
            }
            BsonValue value = current.get(StorageLayout.COUNTER_VALUE);
            if (value != null && value.isNumber()) {
                long floor = value.asNumber().longValue();
                // compare-and-set: an earlier version may still increment the counter until this lands
                long matched = sequences.updateOne(Filters.and(filter, Filters.eq(StorageLayout.COUNTER_VALUE, value)),
                                                   Updates.combine(
                                                           Updates.set(StorageLayout.COUNTER_VALUE,
                                                                       StorageLayout.CLAIMED_BY_INSERT),
                                                           Updates.set(StorageLayout.SEQUENCE_FLOOR, floor)))
                                        .getMatchedCount();
                if (matched == 1) {
                    return floor;
                }
                continue;
            }
            BsonValue floor = current.get(StorageLayout.SEQUENCE_FLOOR);
            if (value != null && value.equals(new BsonString(StorageLayout.CLAIMED_BY_INSERT)) && floor != null
                    && floor.isNumber()) {
                return floor.asNumber().longValue();
            }
            throw unreadable(sequences, current);
        }
        throw new EventStoreException("The sequence document [" + counterName + "] in collection ["
                                              + sequences.getNamespace().getCollectionName()
                                              + "] kept changing while it was switched to claimed indexes; stop "
                                              + "writers of earlier versions and start again");
    }

    private static EventStoreException unreadable(MongoCollection<BsonDocument> sequences, BsonDocument current) {
        return new EventStoreException("The sequence document " + current.toJson() + " in collection ["
                                               + sequences.getNamespace().getCollectionName()
                                               + "] is neither a counter nor switched to claimed indexes (value ["
                                               + StorageLayout.CLAIMED_BY_INSERT + "] with a numeric ["
                                               + StorageLayout.SEQUENCE_FLOOR + "]); restore it or remove it");
    }
}
