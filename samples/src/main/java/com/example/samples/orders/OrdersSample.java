package com.example.samples.orders;

import dev.cairn.aggregates.Cairn;
import dev.cairn.projections.CairnProjections;
import dev.cairn.sagas.CairnSagas;

import java.time.Duration;

/**
 * The orders sample assembled: aggregates (snapshots every 50 events on {@link Inventory}, aggregate cache on), the
 * order saga, and three projections.
 */
public final class OrdersSample {

    private OrdersSample() {
    }

    /** @return {@code cairn} with the sample's aggregates */
    public static Cairn.Builder aggregates(Cairn.Builder cairn) {
        return cairn.aggregate(Order.class)
                    .aggregate(Inventory.class)
                    .aggregate(Wallet.class)
                    .snapshotEvery(Inventory.class, 50)
                    .aggregateCache(true);
    }

    /** Adds the sample's projections to {@code projections}, each with the collections it owns. */
    public static CairnProjections.Builder projections(CairnProjections.Builder projections) {
        return projections.projection(new OrderSummaries(), o -> o.owns(OrderSummaries.COLLECTION))
                          .projection(new SalesDashboard(), o -> o.owns(SalesDashboard.COLLECTION))
                          .projection(new StockLevelsView(), o -> o.owns(StockLevelsView.COLLECTION));
    }

    /** @return the sample's sagas: the order saga, deadlines polled every 250 ms */
    public static CairnSagas sagas() {
        return CairnSagas.builder().saga(OrderSaga.class).deadlinePollInterval(Duration.ofMillis(250)).build();
    }
}
