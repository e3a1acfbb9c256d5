package dev.cairn.eventstore.mongo.internal;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.MongoWriteException;
import com.mongodb.bulk.BulkWriteError;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.InsertManyOptions;
import com.mongodb.client.model.Projections;
import dev.cairn.eventstore.mongo.layout.StorageLayout;
import org.bson.BsonDocument;
import org.bson.BsonMaximumSizeExceededException;
import org.bson.BsonValue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes the commit documents of one pass of a group-commit round as one <em>ordered</em> insert: the server stops at
 * the first rejected document and runs none after it, so the stored members are always a prefix of the pass and no
 * index is ever left empty below a stored commit (ADR 70).
 */
final class RoundWriter {

    private static final InsertManyOptions ORDERED = new InsertManyOptions().ordered(true);
    private static final String EVENT_IDENTIFIER_FIELD = StorageLayout.eventField(StorageLayout.EVENT_IDENTIFIER);

    private final MongoCollection<BsonDocument> events;

    RoundWriter(MongoCollection<BsonDocument> events) {
        this.events = events;
    }

    /**
     * What the server did with a pass: its first {@code stored} documents are stored; the one after them, if any, was
     * rejected with {@code rejection}, or was not run when {@code rejection} is {@code null}; none after it ran.
     */
    record Outcome(int stored, RuntimeException rejection) {
    }

    /**
     * Inserts {@code documents} in order.
     *
     * @throws RuntimeException when the outcome is unknown (connection lost, write concern not satisfied): any prefix
     *                          of the documents may be stored
     */
    Outcome write(List<BsonDocument> documents) {
        try {
            if (documents.size() == 1) {
                events.insertOne(documents.get(0));
            } else {
                events.insertMany(documents, ORDERED);
            }
            return new Outcome(documents.size(), null);
        } catch (MongoWriteException e) {
            return new Outcome(0, new RejectedCommitException(e.getCode(), e.getMessage(), e));
        } catch (MongoBulkWriteException e) {
            if (e.getWriteConcernError() != null || e.getWriteErrors().isEmpty()) {
                throw e;
            }
            BulkWriteError error = e.getWriteErrors().get(0);
            return new Outcome(error.getIndex(), new RejectedCommitException(error.getCode(), error.getMessage(), e));
        } catch (BsonMaximumSizeExceededException e) {
            if (documents.size() == 1) {
                return new Outcome(0, e); // refused while encoding: nothing was sent
            }
            return oversizedInBatch(documents);
        }
    }

    /**
     * The driver refuses an oversized document while encoding, after it may have sent the batches before it. The
     * stored prefix is found by the members' event identifiers (a stored {@code _id} alone could be another
     * node's commit); the next member is then written alone, so the oversized one is refused on its own.
     */
    private Outcome oversizedInBatch(List<BsonDocument> documents) {
        Map<BsonValue, List<String>> storedEvents = new HashMap<>();
        events.find(Filters.in(StorageLayout.ID, documents.stream().map(d -> d.get(StorageLayout.ID)).toList()))
              .projection(Projections.include(EVENT_IDENTIFIER_FIELD))
              .forEach(stored -> storedEvents.put(stored.get(StorageLayout.ID),
                                                  CommitDocuments.eventIdentifiers(stored)));
        int prefix = 0;
        while (prefix < documents.size() && CommitDocuments.eventIdentifiers(documents.get(prefix))
                .equals(storedEvents.get(documents.get(prefix).get(StorageLayout.ID)))) {
            prefix++;
        }
        if (prefix == documents.size()) {
            return new Outcome(prefix, null);
        }
        Outcome alone = write(List.of(documents.get(prefix)));
        return new Outcome(prefix + alone.stored(), alone.rejection());
    }

}
