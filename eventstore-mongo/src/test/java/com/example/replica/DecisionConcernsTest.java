package com.example.replica;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.ReadConcern;
import com.mongodb.ReadPreference;
import com.mongodb.WriteConcern;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import dev.cairn.eventstore.mongo.MongoEventStorageEngine;
import dev.cairn.mongo.embedded.junit.EmbeddedMongoExtension;
import dev.cairn.mongo.embedded.junit.MongoTarget;
import dev.cairn.mongo.embedded.junit.SentConcerns;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.modelling.command.ConcurrencyException;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonString;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * ADR 75: every read of the event store that decides what is written next (aggregate loads, snapshot reads, conflict
 * lookups, the head token, the head refresh, streaming) is sent at read concern {@code majority} to the primary, and
 * every write at write concern {@code majority} with journal and a write timeout, even when the client's defaults are
 * {@code local}, {@code secondaryPreferred} and {@code w:1}. The embedded server ignores concerns, so the commands the
 * driver sends are inspected.
 */
@ExtendWith(EmbeddedMongoExtension.class)
class DecisionConcernsTest {

    static final List<String> STORE_COLLECTIONS = List.of("events", "snapshots", "sequences");

    record ParcelRegistered(String parcelId, String destination) {
    }

    private final SentConcerns sent = new SentConcerns();
    private MongoClient weakClient;
    private MongoDatabase weakDatabase;

    @BeforeEach
    void connect(MongoTarget target, MongoDatabase database) {
        weakClient = MongoClients.create(sent.register(
                MongoClientSettings.builder()
                                   .applyConnectionString(new ConnectionString(target.connectionString()))
                                   .readConcern(ReadConcern.LOCAL)
                                   .readPreference(ReadPreference.secondaryPreferred())
                                   .writeConcern(WriteConcern.W1)).build());
        weakDatabase = weakClient.getDatabase(database.getName());
    }

    @AfterEach
    void close() {
        weakClient.close();
    }

    @Test
    void everyDecisionReadIsMajorityFromThePrimaryAndEveryWriteMajority(MongoDatabase database) {
        // Given a node on a client with weak defaults, and a second node whose commits the first has not seen
        MongoEventStorageEngine node = MongoEventStorageEngine.builder().database(weakDatabase).build();
        MongoEventStorageEngine otherNode = MongoEventStorageEngine.builder().database(database).build();
        node.appendEvents(registered("p-1", 0));
        otherNode.appendEvents(registered("p-1", 1));

        // When the node appends above a stale head (head refresh), loses a race (conflict lookup), stores and reads a
        // snapshot, loads an aggregate, takes the head token and streams
        node.appendEvents(registered("p-3", 0));
        assertThatThrownBy(() -> node.appendEvents(registered("p-1", 1))).isInstanceOf(ConcurrencyException.class);
        node.storeSnapshot(registered("p-1", 1).get(0));
        assertThat(node.readSnapshot("p-1")).isPresent();
        assertThat(node.readEvents("p-1").asStream().count()).isEqualTo(2);
        assertThat(node.lastSequenceNumberFor("p-3")).contains(0L);
        assertThat(node.createHeadToken().position()).hasValue(3);
        assertThat(node.createTokenAt(Instant.EPOCH).position()).hasValue(0);
        try (var stream = node.readEvents(null, false)) {
            assertThat(stream.count()).isEqualTo(3);
        }

        // Then the node lost one claim (so it refreshed its head), and every command it sent asked for majority
        assertThat(node.lostClaims()).isEqualTo(1);
        List<SentConcerns.Sent> commands = sent.on(STORE_COLLECTIONS);
        assertDecisive(commands, 10_000);
        assertThat(commands).filteredOn(SentConcerns.Sent::isRead).extracting(SentConcerns.Sent::collection)
                            .contains("events", "snapshots");
        assertThat(commands).filteredOn(SentConcerns.Sent::isWrite)
                            .extracting(c -> c.command() + " " + c.collection())
                            .contains("insert events", "update snapshots");
    }

    @Test
    void theWriteTimeoutIsTheBuildersOrElseTheClientsOrElseTenSeconds(MongoTarget target, MongoDatabase database) {
        // Given a client whose connection string sets wtimeoutMS=4000
        SentConcerns fromUri = new SentConcerns();
        try (MongoClient client = MongoClients.create(fromUri.register(MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString(target.connectionString() + "/?wtimeoutMS=4000")))
                                                               .build())) {
            MongoDatabase withTimeout = client.getDatabase(database.getName());

            // When one node keeps the client's timeout and another sets its own
            MongoEventStorageEngine.builder().database(withTimeout).build().appendEvents(registered("p-1", 0));
            List<SentConcerns.Sent> clients = fromUri.on(STORE_COLLECTIONS);
            fromUri.reset();
            MongoEventStorageEngine.builder().database(withTimeout).writeTimeout(java.time.Duration.ofMillis(2500))
                                   .build().appendEvents(registered("p-2", 0));

            // Then each insert waits as long as configured, at majority with journal
            assertDecisive(clients, 4_000);
            assertDecisive(fromUri.on(STORE_COLLECTIONS), 2_500);
        }
    }

    static void assertDecisive(List<SentConcerns.Sent> commands, int writeTimeoutMillis) {
        BsonDocument majority = new BsonDocument("level", new BsonString("majority"));
        BsonDocument majorityWrite = new BsonDocument("w", new BsonString("majority"))
                .append("wtimeout", new BsonInt32(writeTimeoutMillis))
                .append("j", org.bson.BsonBoolean.TRUE);
        assertThat(commands).filteredOn(SentConcerns.Sent::isRead).isNotEmpty()
                            .allSatisfy(read -> {
                                assertThat(read.readConcern()).as("%s", read).isEqualTo(majority);
                                assertThat(read.toPrimary()).as("%s goes to the primary", read).isTrue();
                            });
        assertThat(commands).filteredOn(SentConcerns.Sent::isWrite).isNotEmpty()
                            .allSatisfy(write -> assertThat(write.writeConcern()).as("%s", write)
                                                                                 .isEqualTo(majorityWrite));
    }

    static List<DomainEventMessage<?>> registered(String parcelId, long sequence) {
        return List.of(new GenericDomainEventMessage<>("Parcel", parcelId, sequence,
                                                       new ParcelRegistered(parcelId, "dest-" + UUID.randomUUID())));
    }
}
