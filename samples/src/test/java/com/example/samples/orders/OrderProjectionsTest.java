package com.example.samples.orders;

import com.example.samples.orders.OrderMessages.OrderCancelled;
import com.example.samples.orders.OrderMessages.OrderConfirmed;
import com.example.samples.orders.OrderMessages.OrderPlaced;
import com.example.samples.orders.OrderMessages.SkuStocked;
import com.example.samples.orders.OrderMessages.StockReleased;
import com.example.samples.orders.OrderMessages.StockReserved;
import com.example.samples.orders.OrderMessages.StockSold;
import dev.cairn.testing.ProjectionFixture;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The orders sample's projections with {@link ProjectionFixture} (which also redelivers every batch and resets the
 * projection, checking the read model stays the same and empties).
 */
class OrderProjectionsTest {

    @Test
    void orderSummariesFollowEachOrdersOutcome() {
        ProjectionFixture.forProjection(new OrderSummaries())
                         .owning(OrderSummaries.COLLECTION)
                         .given("o-1", new OrderPlaced("o-1", "w-1", "sku-1", 2, 40), new OrderConfirmed("o-1", "sku-1", 2, 40))
                         .given("o-2", new OrderPlaced("o-2", "w-2", "sku-1", 1, 20),
                                new OrderCancelled("o-2", "sku-1", "payment declined"))
                         .whenProcessed()
                         .expectDocument(OrderSummaries.COLLECTION, "o-1",
                                         order -> assertThat(order.getString("status")).isEqualTo("CONFIRMED"))
                         .expectDocument(OrderSummaries.COLLECTION, "o-2",
                                         order -> assertThat(order.getString("reason")).isEqualTo("payment declined"));
    }

    @Test
    void theSalesDashboardCountsEveryOrderAndTheRevenueOfConfirmedOnes() {
        ProjectionFixture.forProjection(new SalesDashboard())
                         .owning(SalesDashboard.COLLECTION)
                         .given("o-1", new OrderPlaced("o-1", "w-1", "sku-1", 2, 40), new OrderConfirmed("o-1", "sku-1", 2, 40))
                         .given("o-2", new OrderPlaced("o-2", "w-2", "sku-1", 1, 20),
                                new OrderCancelled("o-2", "sku-1", "payment declined"))
                         .whenProcessed()
                         .expectDocument(SalesDashboard.COLLECTION, SalesDashboard.TOTALS, totals -> {
                             assertThat(totals.getInteger("placed")).isEqualTo(2);
                             assertThat(totals.getInteger("confirmed")).isEqualTo(1);
                             assertThat(totals.getInteger("cancelled")).isEqualTo(1);
                             assertThat(totals.get("revenue", Number.class).longValue()).isEqualTo(40);
                         })
                         .expectDocument(SalesDashboard.COLLECTION, "sku:sku-1",
                                         sku -> assertThat(sku.getInteger("units")).isEqualTo(2));
    }

    @Test
    void stockLevelsAccountForEveryUnit() {
        ProjectionFixture.forProjection(new StockLevelsView())
                         .owning(StockLevelsView.COLLECTION)
                         .given("sku-1", new SkuStocked("sku-1", 10), new StockReserved("sku-1", "o-1", 3),
                                new StockReserved("sku-1", "o-2", 2), new StockSold("sku-1", "o-1", 3),
                                new StockReleased("sku-1", "o-2", 2))
                         .whenProcessed()
                         .expectDocument(StockLevelsView.COLLECTION, "sku-1", levels -> {
                             assertThat(levels.getInteger("available")).isEqualTo(7);
                             assertThat(levels.getInteger("reserved")).isZero();
                             assertThat(levels.getInteger("sold")).isEqualTo(3);
                         });
    }
}
