package com.example.replica;

import com.mongodb.MongoWriteConcernException;
import com.mongodb.ServerAddress;
import com.mongodb.WriteConcernResult;
import com.mongodb.bulk.WriteConcernError;
import com.mongodb.client.MongoDatabase;
import dev.cairn.eventstore.mongo.MongoEventStorageEngine;
import dev.cairn.mongo.embedded.junit.EmbeddedMongoExtension;
import org.axonframework.eventsourcing.eventstore.EventStoreException;
import org.bson.BsonBoolean;
import org.bson.BsonDocument;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import static com.example.replica.DecisionConcernsTest.registered;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * ADR 75 and the README ("Running on a MongoDB replica set"): an append that no majority acknowledges within the write
 * timeout fails with an {@link EventStoreException} whose cause is the driver's {@link MongoWriteConcernException}, and
 * sending it again is safe. The embedded server ignores write concerns, so the server's answer to a timed-out insert
 * (the document stored, the write concern not satisfied) is played by a database whose event inserts store the
 * document and then report a {@code wtimeout}, as a primary without a majority does.
 */
@ExtendWith(EmbeddedMongoExtension.class)
class WriteTimeoutTest {

    @Test
    void anAppendWithoutAMajorityInTimeFailsWithTheWriteConcernErrorAndARetryStoresItOnce(MongoDatabase database) {
        // Given an engine whose event inserts are stored but not acknowledged by a majority in time
        AtomicBoolean noMajority = new AtomicBoolean(true);
        MongoEventStorageEngine engine = MongoEventStorageEngine.builder()
                                                                .database(timingOut(database, noMajority)).build();
        var commit = registered("p-1", 0);

        // When it appends, and the caller sends the same commit again once a majority is back
        Throwable failure = catchThrowable(() -> engine.appendEvents(commit));
        noMajority.set(false);
        Throwable retry = catchThrowable(() -> engine.appendEvents(commit));

        // Then the first append failed with the write concern error as its cause (outcome unknown: it was stored),
        // and the retry found that very commit stored and succeeded without storing it a second time
        assertThat(failure).isInstanceOf(EventStoreException.class)
                           .hasCauseInstanceOf(MongoWriteConcernException.class);
        assertThat(((MongoWriteConcernException) failure.getCause()).getWriteConcernError().getDetails()
                                                                   .getBoolean("wtimeout").getValue()).isTrue();
        assertThat(retry).as("the retry of the same commit").isNull();
        assertThat(database.getCollection("events").countDocuments()).isEqualTo(1);
        assertThat(engine.readEvents("p-1").asStream().count()).isEqualTo(1);
    }

    /** The database, whose {@code events} inserts store the documents and then report a write timeout. */
    private static MongoDatabase timingOut(MongoDatabase database, AtomicBoolean noMajority) {
        return FaultyEvents.around(database, (target, method, args) -> {
            Object result = method.invoke(target, args);
            if (method.getName().startsWith("insert") && noMajority.get()) {
                throw new MongoWriteConcernException(
                        new WriteConcernError(64, "WriteConcernFailed", "waiting for replication timed out",
                                              new BsonDocument("wtimeout", BsonBoolean.TRUE)),
                        WriteConcernResult.acknowledged(1, false, null), new ServerAddress(), List.of());
            }
            return result;
        });
    }
}
