package com.example.samples.orders;

import com.example.samples.orders.OrderMessages.ChargeWallet;
import com.example.samples.orders.OrderMessages.ConfirmOrder;
import com.example.samples.orders.OrderMessages.OrderConfirmed;
import com.example.samples.orders.OrderMessages.OrderPlaced;
import com.example.samples.orders.OrderMessages.OutOfStockException;
import com.example.samples.orders.OrderMessages.PaymentDeclined;
import com.example.samples.orders.OrderMessages.PaymentPending;
import com.example.samples.orders.OrderMessages.PaymentRefunded;
import com.example.samples.orders.OrderMessages.PlaceOrder;
import com.example.samples.orders.OrderMessages.ReleaseStock;
import com.example.samples.orders.OrderMessages.ReserveStock;
import com.example.samples.orders.OrderMessages.SellStock;
import com.example.samples.orders.OrderMessages.SkuStocked;
import com.example.samples.orders.OrderMessages.StockReleased;
import com.example.samples.orders.OrderMessages.StockReserved;
import com.example.samples.orders.OrderMessages.StockSold;
import com.example.samples.orders.OrderMessages.VoidPayment;
import com.example.samples.orders.OrderMessages.WalletCharged;
import com.example.samples.orders.OrderMessages.WalletOpened;
import dev.cairn.testing.AggregateFixture;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The orders sample's aggregates with {@link AggregateFixture}, in memory and on MongoDB through the real stack.
 */
class OrderAggregatesTest {

    @Test
    void anOrderIsConfirmedOnceAndThenStaysConfirmed() {
        AggregateFixture.forAggregate(Order.class)
                        .given(new OrderPlaced("o-1", "w-1", "sku-1", 2, 40))
                        .when(new ConfirmOrder("o-1"))
                        .expectEvents(new OrderConfirmed("o-1", "sku-1", 2, 40))
                        .expectState(order -> assertThat(order.status()).isEqualTo(Order.Status.CONFIRMED));
        AggregateFixture.forAggregate(Order.class)
                        .onMongo()
                        .givenCommands(new PlaceOrder("o-1", "w-1", "sku-1", 2, 40), new ConfirmOrder("o-1"))
                        .when(new ConfirmOrder("o-1"))
                        .expectNoEvents();
    }

    @Test
    void stockIsReservedSoldOrReleasedAndNeverOversold() {
        AggregateFixture.forAggregate(Inventory.class)
                        .given(new SkuStocked("sku-1", 5), new StockReserved("sku-1", "o-1", 3))
                        .when(new ReserveStock("sku-1", "o-2", 3))
                        .expectNoEvents()
                        .expectException(OutOfStockException.class);
        AggregateFixture.forAggregate(Inventory.class)
                        .onMongo()
                        .given(new SkuStocked("sku-1", 5), new StockReserved("sku-1", "o-1", 3))
                        .when(new SellStock("sku-1", "o-1"))
                        .expectEvents(new StockSold("sku-1", "o-1", 3))
                        .expectState(inventory -> assertThat(inventory.levels())
                                .isEqualTo(new Inventory.StockLevels("sku-1", 2, 0, 3)));
    }

    @Test
    void aReleaseGivesTheReservedUnitsBackOnceOnMongo() {
        AggregateFixture.forAggregate(Inventory.class)
                        .onMongo()
                        .given(new SkuStocked("sku-1", 5), new StockReserved("sku-1", "o-1", 3),
                               new StockReleased("sku-1", "o-1", 3))
                        .when(new ReleaseStock("sku-1", "o-1"))
                        .expectNoEvents()
                        .expectState(inventory -> assertThat(inventory.levels().available()).isEqualTo(5));
    }

    @Test
    void aWalletChargesOnceDeclinesWhenShortAndRefundsOnVoid() {
        AggregateFixture.forAggregate(Wallet.class)
                        .given(new WalletOpened("w-1", 30, true))
                        .when(new ChargeWallet("w-1", "o-1", 40))
                        .expectEvents(new PaymentDeclined("w-1", "o-1", 40));
        AggregateFixture.forAggregate(Wallet.class)
                        .onMongo()
                        .given(new WalletOpened("w-1", 100, true), new WalletCharged("w-1", "o-1", 40))
                        .when(new VoidPayment("w-1", "o-1"))
                        .expectEvents(new PaymentRefunded("w-1", "o-1", 40))
                        .expectState(wallet -> assertThat(wallet.balance()).isEqualTo(100));
    }

    @Test
    void aWalletWhoseProviderDoesNotAnswerLeavesTheChargePending() {
        AggregateFixture.forAggregate(Wallet.class)
                        .given(new WalletOpened("w-1", 100, false))
                        .when(new ChargeWallet("w-1", "o-1", 40))
                        .expectEvents(new PaymentPending("w-1", "o-1", 40))
                        .expectState(wallet -> assertThat(wallet.chargedFor("o-1")).isZero());
    }
}
