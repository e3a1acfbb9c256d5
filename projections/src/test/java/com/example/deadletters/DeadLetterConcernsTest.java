package com.example.deadletters;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.ReadConcern;
import com.mongodb.ReadPreference;
import com.mongodb.WriteConcern;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import dev.cairn.eventstore.mongo.support.CairnCollections;
import dev.cairn.mongo.embedded.junit.EmbeddedMongoExtension;
import dev.cairn.mongo.embedded.junit.MongoTarget;
import dev.cairn.mongo.embedded.junit.SentConcerns;
import dev.cairn.projections.MongoSequencedDeadLetterQueue;
import dev.cairn.projections.ProjectionControl;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.messaging.deadletter.Decisions;
import org.axonframework.messaging.deadletter.GenericDeadLetter;
import org.bson.BsonBoolean;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonString;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * ADR 75: dead letters and their processing claims, and projection pauses, are read at {@code majority} from the
 * primary and written at {@code majority} with journal and a write timeout, whatever the client's defaults.
 */
@ExtendWith(EmbeddedMongoExtension.class)
class DeadLetterConcernsTest {

    @Test
    void claimsLettersAndPausesAskForMajority(MongoTarget target, MongoDatabase database) {
        // Given a dead-letter queue and projection control on a client with local reads from secondaries and w:1
        SentConcerns sent = new SentConcerns();
        try (MongoClient weak = MongoClients.create(sent.register(
                MongoClientSettings.builder().applyConnectionString(new ConnectionString(target.connectionString()))
                                   .readConcern(ReadConcern.LOCAL)
                                   .readPreference(ReadPreference.secondaryPreferred())
                                   .writeConcern(WriteConcern.W1)).build())) {
            MongoDatabase weakDatabase = weak.getDatabase(database.getName());
            MongoSequencedDeadLetterQueue<EventMessage<?>> queue =
                    MongoSequencedDeadLetterQueue.<EventMessage<?>>builder().processingGroup("prices")
                                                 .database(weakDatabase).build();
            ProjectionControl control = new ProjectionControl(weakDatabase);

            // When letters are enqueued, one sequence is claimed and processed, and a projection paused and resumed
            queue.enqueue("sku-1", new GenericDeadLetter<>("sku-1", GenericEventMessage.asEventMessage(
                    new PriceChanged("sku-1", new java.math.BigDecimal("10.00"), 1, List.of()))));
            queue.enqueue("sku-1", new GenericDeadLetter<>("sku-1", GenericEventMessage.asEventMessage(
                    new PriceChanged("sku-1", new java.math.BigDecimal("12.50"), 2, List.of()))));
            assertThat(queue.process(letter -> Decisions.evict())).isTrue();
            control.pause("prices", "operator", Instant.now());
            assertThat(control.paused("prices")).isTrue();
            control.resume("prices");
        }

        // Then every read and write on those collections asked for majority, from the primary
        List<SentConcerns.Sent> commands = sent.on(List.of(CairnCollections.DEAD_LETTERS,
                                                           CairnCollections.PROJECTION_CONTROL));
        BsonDocument majority = new BsonDocument("level", new BsonString("majority"));
        BsonDocument majorityWrite = new BsonDocument("w", new BsonString("majority"))
                .append("wtimeout", new BsonInt32(10_000)).append("j", BsonBoolean.TRUE);
        assertThat(commands).filteredOn(SentConcerns.Sent::isRead)
                            .allSatisfy(read -> {
                                assertThat(read.readConcern()).as("%s", read).isEqualTo(majority);
                                assertThat(read.toPrimary()).as("%s goes to the primary", read).isTrue();
                            })
                            .extracting(SentConcerns.Sent::collection)
                            .contains(CairnCollections.DEAD_LETTERS, CairnCollections.PROJECTION_CONTROL);
        assertThat(commands).filteredOn(SentConcerns.Sent::isWrite)
                            .allSatisfy(write -> assertThat(write.writeConcern()).as("%s", write)
                                                                                 .isEqualTo(majorityWrite))
                            .extracting(SentConcerns.Sent::collection)
                            .contains(CairnCollections.DEAD_LETTERS, CairnCollections.PROJECTION_CONTROL);
    }
}
