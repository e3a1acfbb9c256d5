package com.example.replica;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.ServerAddress;
import com.mongodb.bulk.WriteConcernError;
import com.mongodb.client.MongoDatabase;
import dev.cairn.eventstore.mongo.CommitOutcomeUnknownException;
import dev.cairn.eventstore.mongo.MongoEventStorageEngine;
import dev.cairn.mongo.embedded.junit.EmbeddedMongoExtension;
import org.axonframework.modelling.command.ConcurrencyException;
import org.bson.BsonBoolean;
import org.bson.BsonDocument;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.reflect.InvocationTargetException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;

import static com.example.replica.DecisionConcernsTest.registered;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A round whose insert stored a member, was refused at the next on a duplicate key, and also missed its write concern
 * (ADR 74): the stored member's outcome is unknown (it may be rolled back), never "nothing stored". The embedded
 * server ignores write concerns, so the write concern error is added to the server's real answer.
 */
@ExtendWith(EmbeddedMongoExtension.class)
class BulkWriteConcernErrorTest {

    @Test
    void aMemberStoredBeforeADuplicateInARoundThatMissedItsWriteConcernIsReportedAsUnknownNotAsAConflict(
            MongoDatabase database) throws Exception {
        // Given p-2 already at sequence 0, and an engine whose first insert is slow, so that the next two appends
        // queue up and go in one round: p-3 (new) first, then p-2 at sequence 0 again (a conflict)
        MongoEventStorageEngine plain = MongoEventStorageEngine.builder().database(database).build();
        plain.appendEvents(registered("p-2", 0));
        AtomicInteger inserts = new AtomicInteger();
        MongoEventStorageEngine engine = MongoEventStorageEngine.builder()
                                                                .database(missingMajority(database, inserts))
                                                                .build();
        CompletableFuture<Void> first = CompletableFuture.runAsync(() -> engine.appendEvents(registered("p-1", 0)));
        Thread.sleep(100);
        CompletableFuture<Void> applied = CompletableFuture.runAsync(() -> engine.appendEvents(registered("p-3", 0)));
        Thread.sleep(50);
        CompletableFuture<Void> conflicting = CompletableFuture.runAsync(
                () -> engine.appendEvents(registered("p-2", 0)));

        // When the round comes back with the duplicate key and the write concern error
        first.join();
        Throwable appliedFailure = failure(applied);
        Throwable conflictFailure = failure(conflicting);

        // Then the member the server applied is not reported as "nothing stored"
        assertThat(inserts.get()).as("the two queued appends went in one round").isEqualTo(2);
        assertThat(database.getCollection("events").countDocuments()).isEqualTo(3);
        assertThat(appliedFailure).isInstanceOf(CommitOutcomeUnknownException.class)
                                  .isNotInstanceOf(ConcurrencyException.class);
        assertThat(conflictFailure).isNotNull();
    }

    private static Throwable failure(CompletableFuture<Void> append) {
        try {
            append.join();
            return null;
        } catch (CompletionException e) {
            return e.getCause();
        }
    }

    /** The database whose first event insert is slow and whose bulk errors also carry a write concern error. */
    private static MongoDatabase missingMajority(MongoDatabase database, AtomicInteger inserts) {
        return FaultyEvents.around(database, (target, method, args) -> {
            if (method.getName().equals("insertOne") && inserts.getAndIncrement() == 0) {
                Thread.sleep(400); // the next appends queue up behind this round
            } else if (method.getName().equals("insertMany")) {
                inserts.incrementAndGet();
            }
            try {
                return method.invoke(target, args);
            } catch (InvocationTargetException e) {
                if (e.getCause() instanceof MongoBulkWriteException bulk) {
                    throw new MongoBulkWriteException(
                            bulk.getWriteResult(), bulk.getWriteErrors(),
                            new WriteConcernError(64, "WriteConcernFailed", "waiting for replication timed out",
                                                  new BsonDocument("wtimeout", BsonBoolean.TRUE)),
                            new ServerAddress(), bulk.getErrorLabels());
                }
                throw e;
            }
        });
    }
}
