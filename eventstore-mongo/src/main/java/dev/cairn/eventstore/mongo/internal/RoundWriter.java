package dev.cairn.eventstore.mongo.internal;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.bulk.BulkWriteError;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.InsertManyOptions;
import com.mongodb.client.model.Projections;
import dev.cairn.eventstore.mongo.layout.StorageLayout;
import dev.cairn.eventstore.mongo.support.MongoErrors;
import org.bson.BsonDocument;
import org.bson.BsonMaximumSizeExceededException;
import org.bson.BsonValue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Writes the commit documents of one group-commit round and recovers from rejected commits: each rejected commit's
 * member learns its own failure, and its range of global indexes is filled with a void commit so streaming readers
 * see it closed at once instead of waiting out the gap timeout.
 */
final class RoundWriter {

    private static final Logger logger = LoggerFactory.getLogger(RoundWriter.class);
    private static final InsertManyOptions UNORDERED = new InsertManyOptions().ordered(false);

    /**
     * One commit of a round, placed at its global indexes.
     */
    interface Member {
        PreparedCommit commit();

        long firstIndex();

        void fail(RuntimeException cause);
    }

    private final MongoCollection<BsonDocument> events;

    RoundWriter(MongoCollection<BsonDocument> events) {
        this.events = events;
    }

    /**
     * Inserts the documents of {@code round} (in the same order), failing the members whose document was rejected.
     *
     * @throws RuntimeException when the outcome of the whole round is unknown or a single-document round was rejected
     */
    void write(List<? extends Member> round, List<BsonDocument> documents) {
        try {
            if (documents.size() == 1) {
                events.insertOne(documents.get(0));
            } else {
                events.insertMany(documents, UNORDERED);
            }
        } catch (BsonMaximumSizeExceededException e) {
            if (documents.size() == 1) {
                insertVoids(List.of(voidOf(round.get(0))));
                throw e;
            }
            retryOneByOne(round, documents);
        } catch (MongoBulkWriteException e) {
            List<BsonDocument> voids = new ArrayList<>();
            for (BulkWriteError error : e.getWriteErrors()) {
                Member rejected = round.get(error.getIndex());
                rejected.fail(new RejectedCommitException(error.getCode(), error.getMessage(), e));
                voids.add(voidOf(rejected));
            }
            if (e.getWriteConcernError() != null) {
                round.forEach(member -> member.fail(e));
            }
            insertVoids(voids);
        } catch (RuntimeException e) {
            if (MongoErrors.isRejectedWrite(e)) {
                insertVoids(List.of(voidOf(round.get(0))));
            }
            throw e;
        }
    }

    /**
     * The driver refuses the part of a batch holding an oversized commit after sending earlier parts; the round's
     * {@code _id}s are reserved for it, so a stored {@code _id} is a commit of this round that landed.
     */
    private void retryOneByOne(List<? extends Member> round, List<BsonDocument> documents) {
        Set<BsonValue> stored = storedIds(documents);
        for (int i = 0; i < round.size(); i++) {
            if (stored.contains(documents.get(i).get(StorageLayout.ID))) {
                continue;
            }
            try {
                write(List.of(round.get(i)), List.of(documents.get(i)));
            } catch (RuntimeException single) {
                round.get(i).fail(single);
            }
        }
    }

    private Set<BsonValue> storedIds(List<BsonDocument> documents) {
        List<BsonValue> ids = documents.stream().map(document -> document.get(StorageLayout.ID)).toList();
        Set<BsonValue> stored = new HashSet<>();
        events.find(Filters.in(StorageLayout.ID, ids)).projection(Projections.include(StorageLayout.ID))
              .forEach(document -> stored.add(document.get(StorageLayout.ID)));
        return stored;
    }

    private static BsonDocument voidOf(Member rejected) {
        return CommitDocuments.voidDocument(rejected.firstIndex(),
                                            rejected.firstIndex() + rejected.commit().size() - 1);
    }

    private void insertVoids(List<BsonDocument> voids) {
        if (voids.isEmpty()) {
            return;
        }
        try {
            events.insertMany(voids, UNORDERED);
        } catch (RuntimeException e) {
            // readers close the ranges once the gap timeout passes
            logger.debug("Could not void {} rejected commit ranges", voids.size(), e);
        }
    }
}
