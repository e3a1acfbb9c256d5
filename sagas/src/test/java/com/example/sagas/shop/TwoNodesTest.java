package com.example.sagas.shop;

import com.example.shop.Shop;
import com.example.shop.ShopView;
import com.mongodb.client.MongoDatabase;
import dev.cairn.aggregates.CairnApplication;
import dev.cairn.eventstore.mongo.support.CairnCollections;
import dev.cairn.mongo.embedded.junit.EmbeddedMongoExtension;
import dev.cairn.sagas.CairnSagas;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two application nodes on one database: the saga processor's single segment runs on one node, deadlines fire on
 * whichever node claims them first, and saga documents are shared; every order still ends exactly where its path leads.
 */
@ExtendWith(EmbeddedMongoExtension.class)
class TwoNodesTest {

    @Test
    void ordersPlacedOnTwoNodesEndInExactlyTheExpectedStates(MongoDatabase database) throws Exception {
        // Given two nodes with the order saga on the same database
        CairnSagas sagasA = ShopApplication.sagasOfNode("node-a");
        CairnSagas sagasB = ShopApplication.sagasOfNode("node-b");
        try (CairnApplication nodeA = ShopApplication.start(database, sagasA);
             CairnApplication nodeB = ShopApplication.start(database, sagasB)) {
            ShopView view = new ShopView(nodeA.eventStore());
            nodeA.commandGateway().sendAndWait(new Shop.StockInventory("sku-1", 500));
            int orders = 60;
            for (int i = 0; i < orders; i++) {
                nodeB.commandGateway().sendAndWait(new Shop.OpenWallet("w-" + i, i % 3 == 1 ? 5 : 100, i % 3 == 2));
            }

            // When orders are placed alternately on both nodes, a third of them timing out after 200 ms
            for (int i = 0; i < orders; i++) {
                CairnApplication node = i % 2 == 0 ? nodeA : nodeB;
                node.commandGateway().sendAndWait(new Shop.PlaceOrder("o-" + i, "w-" + i, "sku-1", 1, 20,
                                                                      i % 3 == 2 ? 200 : 60_000));
            }
            for (int i = 0; i < orders; i++) {
                String orderId = "o-" + i;
                OrderSagaEndToEndTest.await(() -> !"PLACED".equals(view.order(orderId).status()),
                                            orderId + " is confirmed or cancelled");
            }
            OrderSagaEndToEndTest.await(() -> sagasA.liveSagas(OrderSaga.class) == 0, "every saga ended");

            // Then each order took its path once
            int confirmed = 0;
            for (int i = 0; i < orders; i++) {
                String expected = List.of("CONFIRMED", "CANCELLED", "CANCELLED").get(i % 3);
                assertThat(view.order("o-" + i).status()).as("o-" + i).isEqualTo(expected);
                ShopView.WalletState wallet = view.wallet("w-" + i);
                switch (i % 3) {
                    case 0 -> assertThat(wallet).isEqualTo(new ShopView.WalletState(80, 1, 0, 0));
                    case 1 -> assertThat(wallet).isEqualTo(new ShopView.WalletState(5, 0, 0, 0));
                    default -> assertThat(wallet).isEqualTo(new ShopView.WalletState(100, 0, 0, 1));
                }
                confirmed += i % 3 == 0 ? 1 : 0;
            }
            assertThat(view.inventory("sku-1")).isEqualTo(new ShopView.InventoryState(500 - confirmed, confirmed));
            assertThat(database.getCollection(CairnCollections.DEADLINES).countDocuments()).isZero();
        }
    }
}
