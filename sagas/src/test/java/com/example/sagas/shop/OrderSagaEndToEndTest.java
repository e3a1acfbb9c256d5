package com.example.sagas.shop;

import com.example.shop.Shop;
import com.example.shop.ShopView;
import com.mongodb.client.MongoDatabase;
import dev.cairn.aggregates.CairnApplication;
import dev.cairn.eventstore.mongo.support.CairnCollections;
import dev.cairn.mongo.embedded.junit.EmbeddedMongoExtension;
import dev.cairn.sagas.CairnSagas;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The order saga end to end on the embedded server (or a real MongoDB): Cairn's entry point, the Mongo saga store,
 * the Mongo deadline manager and idempotent saga commands.
 */
@ExtendWith(EmbeddedMongoExtension.class)
class OrderSagaEndToEndTest {

    private static final long NEVER = 60_000;
    private CairnApplication app;
    private CairnSagas sagas;

    private ShopView start(MongoDatabase database) {
        sagas = ShopApplication.sagas();
        app = ShopApplication.start(database, sagas);
        return new ShopView(app.eventStore());
    }

    @AfterEach
    void stop() {
        if (app != null) {
            app.close();
        }
    }

    static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Timed out waiting until " + what);
            }
            Thread.sleep(20);
        }
    }

    private void stock(String sku, int units) {
        app.commandGateway().sendAndWait(new Shop.StockInventory(sku, units));
    }

    private void wallet(String walletId, long balance, boolean frozen) {
        app.commandGateway().sendAndWait(new Shop.OpenWallet(walletId, balance, frozen));
    }

    private void awaitFinished(ShopView view, String orderId) throws InterruptedException {
        await(() -> !"PLACED".equals(view.order(orderId).status()) && sagas.liveSagas(OrderSaga.class) == 0,
              "order " + orderId + " is confirmed or cancelled and its saga ended");
    }

    private long storedDeadlines(MongoDatabase database) {
        return database.getCollection(CairnCollections.DEADLINES).countDocuments();
    }

    @Test
    void whenEverythingSucceedsTheOrderIsConfirmed(MongoDatabase database) throws Exception {
        // Given stock and a wallet with enough money
        ShopView view = start(database);
        stock("sku-1", 10);
        wallet("w-1", 100, false);

        // When an order is placed
        app.commandGateway().sendAndWait(new Shop.PlaceOrder("o-1", "w-1", "sku-1", 3, 40, NEVER));
        awaitFinished(view, "o-1");

        // Then it is confirmed, paid once, the stock stays reserved, and no deadline is left
        assertThat(view.order("o-1")).isEqualTo(new ShopView.OrderState("CONFIRMED", null));
        assertThat(view.wallet("w-1")).isEqualTo(new ShopView.WalletState(60, 1, 0, 0));
        assertThat(view.inventory("sku-1")).isEqualTo(new ShopView.InventoryState(7, 3));
        assertThat(storedDeadlines(database)).isZero();
    }

    @Test
    void whenThePaymentIsDeclinedTheStockIsReleasedAndTheOrderCancelled(MongoDatabase database) throws Exception {
        // Given stock and a wallet without enough money
        ShopView view = start(database);
        stock("sku-1", 10);
        wallet("w-1", 10, false);

        // When an order is placed
        app.commandGateway().sendAndWait(new Shop.PlaceOrder("o-1", "w-1", "sku-1", 3, 40, NEVER));
        awaitFinished(view, "o-1");

        // Then the reservation is released, nothing is charged, the order is cancelled with the reason
        assertThat(view.order("o-1")).isEqualTo(new ShopView.OrderState("CANCELLED", "payment declined"));
        assertThat(view.wallet("w-1")).isEqualTo(new ShopView.WalletState(10, 0, 0, 0));
        assertThat(view.inventory("sku-1")).isEqualTo(new ShopView.InventoryState(10, 0));
        assertThat(storedDeadlines(database)).isZero();
    }

    @Test
    void whenThePaymentTimesOutTheSameCompensationRuns(MongoDatabase database) throws Exception {
        // Given stock and a wallet whose payment provider never answers
        ShopView view = start(database);
        stock("sku-1", 10);
        wallet("w-1", 100, true);

        // When an order with a 200 ms payment timeout is placed
        app.commandGateway().sendAndWait(new Shop.PlaceOrder("o-1", "w-1", "sku-1", 3, 40, 200));
        awaitFinished(view, "o-1");

        // Then the deadline fired: stock released, the pending payment voided, the order cancelled
        assertThat(view.order("o-1")).isEqualTo(new ShopView.OrderState("CANCELLED", "payment timed out"));
        assertThat(view.wallet("w-1")).isEqualTo(new ShopView.WalletState(100, 0, 0, 1));
        assertThat(view.inventory("sku-1")).isEqualTo(new ShopView.InventoryState(10, 0));
        assertThat(storedDeadlines(database)).isZero();
    }

    @Test
    void twoHundredConcurrentOrdersEndInExactlyTheExpectedStates(MongoDatabase database) throws Exception {
        // Given four SKUs and one wallet per order: rich, poor or frozen in turn
        ShopView view = start(database);
        int orders = 200;
        List<String> skus = List.of("sku-a", "sku-b", "sku-c", "sku-d");
        skus.forEach(sku -> stock(sku, 1_000));
        for (int i = 0; i < orders; i++) {
            wallet("w-" + i, i % 3 == 1 ? 5 : 100, i % 3 == 2);
        }

        // When 200 orders are placed from eight threads at once
        ExecutorService clients = Executors.newFixedThreadPool(8);
        List<Future<?>> placed = new ArrayList<>();
        for (int i = 0; i < orders; i++) {
            int n = i;
            placed.add(clients.submit(() -> app.commandGateway().sendAndWait(new Shop.PlaceOrder(
                    "o-" + n, "w-" + n, skus.get(n % 4), 1 + n % 3, 10 + n % 7, n % 3 == 2 ? 300 : NEVER))));
        }
        for (Future<?> future : placed) {
            future.get();
        }
        clients.shutdown();
        for (int i = 0; i < orders; i++) {
            awaitFinished(view, "o-" + i);
        }

        // Then every order, wallet and SKU is exactly where its path leads, and no saga or deadline is left
        Map<String, Integer> confirmedUnits = new HashMap<>();
        int confirmed = 0;
        int declined = 0;
        int timedOut = 0;
        for (int i = 0; i < orders; i++) {
            long amount = 10 + i % 7;
            ShopView.OrderState order = view.order("o-" + i);
            ShopView.WalletState wallet = view.wallet("w-" + i);
            switch (i % 3) {
                case 0 -> {
                    assertThat(order).isEqualTo(new ShopView.OrderState("CONFIRMED", null));
                    assertThat(wallet).isEqualTo(new ShopView.WalletState(100 - amount, 1, 0, 0));
                    confirmedUnits.merge(skus.get(i % 4), 1 + i % 3, Integer::sum);
                    confirmed++;
                }
                case 1 -> {
                    assertThat(order).isEqualTo(new ShopView.OrderState("CANCELLED", "payment declined"));
                    assertThat(wallet).isEqualTo(new ShopView.WalletState(5, 0, 0, 0));
                    declined++;
                }
                default -> {
                    assertThat(order).isEqualTo(new ShopView.OrderState("CANCELLED", "payment timed out"));
                    assertThat(wallet).isEqualTo(new ShopView.WalletState(100, 0, 0, 1));
                    timedOut++;
                }
            }
        }
        assertThat(List.of(confirmed, declined, timedOut)).containsExactly(67, 67, 66);
        for (String sku : skus) {
            int held = confirmedUnits.getOrDefault(sku, 0);
            assertThat(view.inventory(sku)).as(sku).isEqualTo(new ShopView.InventoryState(1_000 - held, held));
        }
        assertThat(database.getCollection(CairnCollections.SAGAS).countDocuments()).isZero();
        assertThat(storedDeadlines(database)).isZero();
        assertThat(sagas.deadlineManager().parked()).isEmpty();
        assertThat(database.getCollection(CairnCollections.DEADLINES).find(new Document("status", "PARKED")))
                .isEmpty();
    }
}
