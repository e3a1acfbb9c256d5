package com.example.sagas.shop;

import com.example.shop.Shop;
import com.example.shop.ShopView;
import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.ReadConcern;
import com.mongodb.ReadPreference;
import com.mongodb.WriteConcern;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import dev.cairn.aggregates.Cairn;
import dev.cairn.aggregates.CairnApplication;
import dev.cairn.eventstore.mongo.support.CairnCollections;
import dev.cairn.mongo.embedded.junit.EmbeddedMongoExtension;
import dev.cairn.mongo.embedded.junit.MongoTarget;
import dev.cairn.mongo.embedded.junit.SentConcerns;
import dev.cairn.sagas.CairnSagas;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.messaging.MetaData;
import org.bson.BsonBoolean;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonString;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * ADR 75: tokens (and the head token a saga processor starts from), sagas, deadlines and idempotency keys are read at
 * {@code majority} from the primary and written at {@code majority} with journal and a write timeout, whatever the
 * client's defaults. The embedded server ignores concerns, so the commands the driver sends are inspected.
 */
@ExtendWith(EmbeddedMongoExtension.class)
class SagaConcernsTest {

    private static final List<String> DECISION_COLLECTIONS = List.of(
            CairnCollections.EVENTS, CairnCollections.SNAPSHOTS, CairnCollections.SEQUENCES,
            CairnCollections.TOKENS, CairnCollections.SAGAS, CairnCollections.DEADLINES,
            CairnCollections.IDEMPOTENCY);

    @Test
    void aSagaWithADeadlineAndIdempotentCommandsAsksForMajorityOnEveryCollection(MongoTarget target,
                                                                                  MongoDatabase database)
            throws Exception {
        // Given an application on a client whose defaults are local reads from secondaries and w:1 writes, with the
        // saga processor starting at the head (the default)
        SentConcerns sent = new SentConcerns();
        try (MongoClient weak = MongoClients.create(sent.register(
                MongoClientSettings.builder().applyConnectionString(new ConnectionString(target.connectionString()))
                                   .readConcern(ReadConcern.LOCAL)
                                   .readPreference(ReadPreference.secondaryPreferred())
                                   .writeConcern(WriteConcern.W1)).build())) {
            CairnSagas sagas = CairnSagas.builder().saga(OrderSaga.class)
                                         .deadlinePollInterval(Duration.ofMillis(50)).build();
            try (CairnApplication app = ShopApplication.start(weak.getDatabase(database.getName()), sagas)) {
                ShopView view = new ShopView(app.eventStore());

                // When a keyed command is sent twice, and an order's payment times out: the saga starts, schedules a
                // deadline, sends idempotent commands, the deadline fires and the saga ends
                app.commandGateway().sendAndWait(new Shop.StockInventory("sku-1", 10));
                GenericCommandMessage<Shop.StockInventory> keyed = new GenericCommandMessage<>(
                        new Shop.StockInventory("sku-2", 1), MetaData.with(Cairn.IDEMPOTENCY_KEY, "stock-sku-2"));
                app.commandGateway().sendAndWait(keyed);
                app.commandGateway().sendAndWait(keyed); // a repeat reads the key's outcome
                app.commandGateway().sendAndWait(new Shop.OpenWallet("w-1", 100, true));
                app.commandGateway().sendAndWait(new Shop.PlaceOrder("o-1", "w-1", "sku-1", 3, 40, 200));
                OrderSagaEndToEndTest.await(() -> "CANCELLED".equals(view.order("o-1").status())
                                                    && sagas.liveSagas(OrderSaga.class) == 0,
                                            "the payment timed out and the saga ended");
            }
        }

        // Then every read and write on those collections asked for majority, from the primary
        List<SentConcerns.Sent> commands = sent.on(DECISION_COLLECTIONS);
        BsonDocument majority = new BsonDocument("level", new BsonString("majority"));
        BsonDocument majorityWrite = new BsonDocument("w", new BsonString("majority"))
                .append("wtimeout", new BsonInt32(10_000)).append("j", BsonBoolean.TRUE);
        assertThat(commands).filteredOn(SentConcerns.Sent::isRead)
                            .allSatisfy(read -> {
                                assertThat(read.readConcern()).as("%s", read).isEqualTo(majority);
                                assertThat(read.toPrimary()).as("%s goes to the primary", read).isTrue();
                            })
                            .extracting(SentConcerns.Sent::collection)
                            .contains(CairnCollections.EVENTS, CairnCollections.TOKENS, CairnCollections.SAGAS,
                                      CairnCollections.DEADLINES, CairnCollections.IDEMPOTENCY);
        assertThat(commands).filteredOn(SentConcerns.Sent::isWrite)
                            .allSatisfy(write -> assertThat(write.writeConcern()).as("%s", write)
                                                                                 .isEqualTo(majorityWrite))
                            .extracting(SentConcerns.Sent::collection)
                            .contains(CairnCollections.EVENTS, CairnCollections.TOKENS, CairnCollections.SAGAS,
                                      CairnCollections.DEADLINES, CairnCollections.IDEMPOTENCY);
    }
}
