package com.example.sagas.shop;

import com.example.shop.Inventory;
import com.example.shop.Order;
import com.example.shop.Wallet;
import com.mongodb.client.MongoDatabase;
import dev.cairn.aggregates.Cairn;
import dev.cairn.aggregates.CairnApplication;
import dev.cairn.processing.InitialPosition;
import dev.cairn.sagas.CairnSagas;

import java.time.Duration;

/**
 * The shop as the README registers it: three aggregates and the order saga, one line per saga type.
 */
final class ShopApplication {

    private ShopApplication() {
    }

    static CairnSagas sagas() {
        return CairnSagas.builder()
                         .saga(OrderSaga.class)
                         .initialPosition(InitialPosition.TAIL)       // tests start on an empty database
                         .deadlinePollInterval(Duration.ofMillis(50)) // default: 1 s
                         .build();
    }

    /** A second node in the same JVM: its own node id for claims (the default, host-pid-xxxx, is generated per deadline manager). */
    static CairnSagas sagasOfNode(String nodeId) {
        return CairnSagas.builder()
                         .saga(OrderSaga.class)
                         .initialPosition(InitialPosition.TAIL)
                         .deadlinePollInterval(Duration.ofMillis(50))
                         .tokenStore(store -> store.nodeId(nodeId))
                         .deadlines(deadlines -> deadlines.nodeId(nodeId))
                         .build();
    }

    static CairnApplication start(MongoDatabase database, CairnSagas sagas) {
        return Cairn.builder()
                    .database(database)
                    .aggregate(Order.class).aggregate(Inventory.class).aggregate(Wallet.class)
                    .extension(sagas.extension())
                    .start();
    }
}
