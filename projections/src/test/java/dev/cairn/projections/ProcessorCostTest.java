package dev.cairn.projections;

import com.example.bank.Account;
import com.example.bank.BankHistory;
import com.example.projections.Balances;
import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import com.mongodb.client.MongoDatabase;
import dev.cairn.aggregates.Cairn;
import dev.cairn.aggregates.CairnApplication;
import dev.cairn.eventstore.mongo.MongoEventStorageEngine;
import dev.cairn.eventstore.mongo.support.CairnCollections;
import dev.cairn.mongo.embedded.junit.EmbeddedMongoExtension;
import dev.cairn.mongo.embedded.junit.MongoTarget;
import org.bson.BsonDocument;
import org.bson.BsonValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a live projection costs per event in server commands (ADR 84): with dead-lettering on (the default), an event
 * of an aggregate with no dead letters costs no query of the dead-letter queue; each segment asks once when it claims
 * its segment. A batch writes each document it touches once, filtered on {@code _id} alone, and never again to remove
 * bookkeeping (ADR 89). 2,000 events of 40 accounts.
 */
@ExtendWith(EmbeddedMongoExtension.class)
class ProcessorCostTest {

    private static final Set<String> READS = Set.of("find", "aggregate", "count");
    private static final Set<String> READ_MODEL = Set.of(Balances.ACCOUNTS, Balances.TOTALS);

    @Test
    void aBatchWritesEachDocumentOnceFilteredOnIdAlone(MongoTarget target, MongoDatabase database) throws Exception {
        // Given a history of 2,000 events and a client recording the read model's update statements
        MongoEventStorageEngine engine = MongoEventStorageEngine.builder().database(database).build();
        BankHistory history = BankHistory.write(engine, 40, 49, 7, 11);
        long head = engine.createHeadToken().position().orElseThrow();
        List<BsonDocument> statements = new CopyOnWriteArrayList<>();
        AtomicLong summaryWrites = new AtomicLong();
        CommandListener recorder = new CommandListener() {
            @Override
            public void commandStarted(CommandStartedEvent event) {
                BsonValue collection = event.getCommand().get("update");
                if ("update".equals(event.getCommandName()) && collection != null && collection.isString()
                        && READ_MODEL.contains(collection.asString().getValue())) {
                    event.getCommand().getArray("updates").forEach(update -> {
                        statements.add(BsonDocument.parse(update.asDocument().toJson())); // the command is reused
                        if (collection.asString().getValue().equals(Balances.TOTALS)) {
                            summaryWrites.incrementAndGet();
                        }
                    });
                }
            }
        };
        CairnProjections projections = CairnProjections.builder()
                .projection(new Balances(), o -> o.owns(Balances.ACCOUNTS, Balances.TOTALS)).build();
        try (MongoClient client = MongoClients.create(MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString(target.connectionString())).addCommandListener(recorder)
                .build());
             CairnApplication app = Cairn.builder().database(client.getDatabase(database.getName()))
                                         .aggregate(Account.class).extension(projections.extension()).start()) {

            // When the projection (two segments, batches of up to 500) catches up
            assertThat(projections.awaitCaughtUp("balances", head, Duration.ofSeconds(60))).isTrue();

            // Then the read model is exact
            assertThat(projections.readModel("balances").collection(Balances.TOTALS).find("all").orElseThrow()
                                  .get("deposits", Number.class).longValue())
                    .isEqualTo(history.balances().size() * 49L);
            // and every update was filtered on _id alone, none removed bookkeeping, and the summary document fed by
            // every event was written about once per batch (2,040 events, two segments, batches of up to 500)
            assertThat(statements).isNotEmpty().allSatisfy(statement -> {
                assertThat(statement.getDocument("q").keySet()).containsExactly("_id");
                assertThat(statement.getDocument("u").toJson()).doesNotContain("$unset").doesNotContain("pending");
            });
            assertThat(summaryWrites.get()).as("writes of the summary document").isBetween(1L, 50L);
        }
    }

    @Test
    void catchingUpAsksTheDeadLetterQueueOncePerSegmentNotOncePerEvent(MongoTarget target, MongoDatabase database)
            throws Exception {
        // Given a history of 2,000 events and a client counting its commands
        MongoEventStorageEngine engine = MongoEventStorageEngine.builder().database(database).build();
        BankHistory history = BankHistory.write(engine, 40, 49, 7, 11);
        long head = engine.createHeadToken().position().orElseThrow();
        AtomicLong deadLetterReads = new AtomicLong();
        CommandListener counter = new CommandListener() {
            @Override
            public void commandStarted(CommandStartedEvent event) {
                BsonValue collection = event.getCommand().get(event.getCommandName());
                if (READS.contains(event.getCommandName()) && collection != null && collection.isString()
                        && collection.asString().getValue().equals(CairnCollections.DEAD_LETTERS)) {
                    deadLetterReads.incrementAndGet();
                }
            }
        };
        CairnProjections projections = CairnProjections.builder()
                .projection(new Balances(), o -> o.owns(Balances.ACCOUNTS, Balances.TOTALS)).build();
        try (MongoClient client = MongoClients.create(MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString(target.connectionString())).addCommandListener(counter)
                .build());
             CairnApplication app = Cairn.builder().database(client.getDatabase(database.getName()))
                                         .aggregate(Account.class).extension(projections.extension()).start()) {

            // When the projection (dead-lettering on, two segments) catches up
            assertThat(projections.awaitCaughtUp("balances", head, Duration.ofSeconds(60))).isTrue();

            // Then the read model is exact and the dead-letter queue was asked a handful of times, not per event
            assertThat(projections.readModel("balances").collection(Balances.TOTALS).find("all").orElseThrow()
                                  .get("deposits", Number.class).longValue())
                    .isEqualTo(history.balances().size() * 49L);
            assertThat(deadLetterReads.get()).as("reads of the dead-letter queue for 2,000 events").isLessThan(50);
        }
    }
}
