package com.example.replica.failover;

import com.mongodb.ReadConcern;
import com.mongodb.ReadPreference;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Sorts;
import dev.cairn.eventstore.mongo.layout.StorageLayout;
import org.bson.BsonDocument;
import org.bson.BsonValue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The events stored in a replica set's event collection, read at {@code majority} from the primary straight from the
 * commit documents (not through the engine under test).
 */
record History(List<Stored> events) {

    /** One stored event: its global index, identifier, aggregate and sequence number. */
    record Stored(long globalIndex, String eventIdentifier, String aggregateIdentifier, long sequenceNumber) {
    }

    static History of(MongoDatabase database) {
        List<Stored> events = new ArrayList<>();
        for (BsonDocument commit : database.withReadConcern(ReadConcern.MAJORITY)
                                           .withReadPreference(ReadPreference.primary())
                                           .getCollection(StorageLayout.defaults().eventCollection(),
                                                          BsonDocument.class)
                                           .find().sort(Sorts.ascending(StorageLayout.ID))) {
            long index = commit.getNumber(StorageLayout.ID).longValue();
            for (BsonValue value : commit.getArray(StorageLayout.EVENTS)) {
                BsonDocument event = value.asDocument();
                events.add(new Stored(index++, event.getString(StorageLayout.EVENT_IDENTIFIER).getValue(),
                                      event.getString(StorageLayout.AGGREGATE_IDENTIFIER).getValue(),
                                      event.getNumber(StorageLayout.SEQUENCE_NUMBER).longValue()));
            }
        }
        return new History(events);
    }

    List<String> identifiers() {
        return events.stream().map(Stored::eventIdentifier).toList();
    }

    /** @return each aggregate's sequence numbers in global order */
    Map<String, List<Long>> sequencesInGlobalOrder() {
        return events.stream().collect(Collectors.groupingBy(Stored::aggregateIdentifier,
                                                             Collectors.mapping(Stored::sequenceNumber,
                                                                                Collectors.toList())));
    }

    long highestIndex() {
        return events.isEmpty() ? 0 : events.get(events.size() - 1).globalIndex();
    }
}
