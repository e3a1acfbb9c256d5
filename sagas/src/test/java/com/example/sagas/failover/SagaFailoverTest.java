package com.example.sagas.failover;

import com.example.sagas.shop.OrderSaga;
import com.example.shop.Inventory;
import com.example.shop.Order;
import com.example.shop.Shop;
import com.example.shop.ShopView;
import com.example.shop.Wallet;
import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.WriteConcern;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import dev.cairn.aggregates.Cairn;
import dev.cairn.aggregates.CairnApplication;
import dev.cairn.eventstore.mongo.layout.StorageLayout;
import dev.cairn.mongo.embedded.junit.ReplicaSetUnderTest;
import dev.cairn.sagas.CairnSagas;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.messaging.MetaData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Idempotency keys and sagas across failovers of a real three-node replica set (ADR 75): runs only when
 * {@code CAIRN_MONGO_URI} names one (skipped otherwise, saying why); see the README, "Running on a MongoDB replica
 * set", for what it assumes. A partition that leaves the primary in the minority is brought about by stopping both
 * secondaries from replicating (what the primary sees of such a partition: no write reaches a majority) and then
 * forcing the primary down, as the majority side's election would.
 */
@Tag("failover")
class SagaFailoverTest {

    private static final long NEVER = 600_000;

    private ReplicaSetUnderTest set;
    private MongoClient client;
    private MongoDatabase database;
    private final List<CairnApplication> apps = new ArrayList<>();

    @BeforeEach
    void connect() {
        set = ReplicaSetUnderTest.assumeThreeNodes();
        // every Cairn collection takes the client's write timeout: two seconds without a majority, then a failure
        client = MongoClients.create(MongoClientSettings.builder().applyConnectionString(new ConnectionString(set.uri()))
                                                        .writeConcern(WriteConcern.MAJORITY.withWTimeout(
                                                                2, TimeUnit.SECONDS))
                                                        .retryWrites(true).build());
        database = client.getDatabase("cairn_failover_" + UUID.randomUUID().toString().substring(0, 8));
    }

    @AfterEach
    void cleanUp() {
        if (set == null) {
            return;
        }
        apps.forEach(CairnApplication::close);
        set.secondaries().forEach(set::resumeReplication);
        database.drop();
        client.close();
        set.close();
    }

    @Test
    void aPrimaryCutOffFromTheMajorityAcknowledgesNothingAndAKeyExecutesOnce() throws Exception {
        // Given an application with stock
        CairnApplication app = start(null);
        app.commandGateway().sendAndWait(new Shop.StockInventory("sku-1", 5));

        // When the primary is cut off from the majority, a keyed command and a plain one are sent to it, the majority
        // side takes over, and the keyed command is sent again until it is answered
        List<String> secondaries = set.secondaries();
        secondaries.forEach(set::pauseReplication);
        GenericCommandMessage<Shop.OpenWallet> keyed = new GenericCommandMessage<>(
                new Shop.OpenWallet("w-1", 100, false), MetaData.with(Cairn.IDEMPOTENCY_KEY, "open-w-1"));
        Throwable keyedOnMinority = catchThrowable(() -> app.commandGateway().sendAndWait(keyed));
        Throwable plainOnMinority = catchThrowable(
                () -> app.commandGateway().sendAndWait(new Shop.StockInventory("sku-2", 5)));
        set.stepDown(10, true);
        secondaries.forEach(set::resumeReplication);
        retryUntilAnswered(() -> app.commandGateway().sendAndWait(keyed));

        // Then the minority side acknowledged nothing, none of it survived, and the keyed command ran exactly once
        assertThat(keyedOnMinority).as("keyed command without a majority").isNotNull();
        assertThat(plainOnMinority).as("command without a majority").isNotNull();
        assertThat(eventsOf("sku-2")).isZero();
        assertThat(eventsOf("w-1")).isEqualTo(1);
    }

    @Test
    void aSagaStartingAtTheHeadAcrossAFailoverReceivesTheFirstEventStoredAfterIt() throws Exception {
        // Given stock and a wallet, and an order placed while no majority acknowledges (held by the primary alone)
        CairnApplication shop = start(null);
        shop.commandGateway().sendAndWait(new Shop.StockInventory("sku-1", 10));
        shop.commandGateway().sendAndWait(new Shop.OpenWallet("w-1", 100, false));
        List<String> secondaries = set.secondaries();
        secondaries.forEach(set::pauseReplication);
        catchThrowable(() -> shop.commandGateway().sendAndWait(new Shop.PlaceOrder("o-0", "w-1", "sku-1", 1, 5,
                                                                                   NEVER)));

        // When the saga node starts at the head meanwhile, the primary fails over (the unacknowledged order is rolled
        // back), and an order is placed on the new primary
        CairnSagas sagas = CairnSagas.builder().saga(OrderSaga.class).build();
        CompletableFuture<CairnApplication> sagaNode = CompletableFuture.supplyAsync(() -> start(sagas));
        Thread.sleep(1_000);
        set.stepDown(10, true);
        secondaries.forEach(set::resumeReplication);
        apps.add(sagaNode.get(120, TimeUnit.SECONDS));
        GenericCommandMessage<Shop.PlaceOrder> placeOrder = new GenericCommandMessage<>(
                new Shop.PlaceOrder("o-1", "w-1", "sku-1", 2, 30, NEVER), MetaData.with(Cairn.IDEMPOTENCY_KEY, "o-1"));
        retryUntilAnswered(() -> shop.commandGateway().sendAndWait(placeOrder));

        // Then the saga handled the order stored first after its head: it is confirmed; the rolled-back one is gone
        ShopView view = new ShopView(shop.eventStore());
        await(() -> "CONFIRMED".equals(view.order("o-1").status()), "order o-1 is confirmed by the saga");
        assertThat(eventsOf("o-0")).isZero();
    }

    private CairnApplication start(CairnSagas sagas) {
        Cairn.Builder builder = Cairn.builder().database(database)
                                     .aggregate(Order.class).aggregate(Inventory.class).aggregate(Wallet.class);
        if (sagas != null) {
            builder.extension(sagas.extension());
        }
        CairnApplication app = builder.start();
        if (sagas == null) {
            apps.add(app);
        }
        return app;
    }

    private long eventsOf(String aggregate) {
        return database.getCollection(StorageLayout.defaults().eventCollection())
                       .countDocuments(Filters.eq(StorageLayout.eventField(StorageLayout.AGGREGATE_IDENTIFIER),
                                                  aggregate));
    }

    private static void retryUntilAnswered(Runnable command) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            try {
                command.run();
                return;
            } catch (RuntimeException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(500); // a failover in progress: an unknown outcome, sent again with the same key
            }
        }
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Timed out waiting until " + what);
            }
            Thread.sleep(100);
        }
    }
}
