package com.example.samples.orders;

import com.example.samples.orders.OrderMessages.CancelOrder;
import com.example.samples.orders.OrderMessages.ChargeWallet;
import com.example.samples.orders.OrderMessages.ConfirmOrder;
import com.example.samples.orders.OrderMessages.OrderPlaced;
import com.example.samples.orders.OrderMessages.PaymentDeclined;
import com.example.samples.orders.OrderMessages.PaymentTimedOut;
import com.example.samples.orders.OrderMessages.ReleaseStock;
import com.example.samples.orders.OrderMessages.ReserveStock;
import com.example.samples.orders.OrderMessages.SellStock;
import com.example.samples.orders.OrderMessages.VoidPayment;
import com.example.samples.orders.OrderMessages.WalletCharged;
import dev.cairn.sagas.SagaCommands;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.axonframework.test.saga.SagaTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The order saga with Axon's {@link SagaTestFixture}: the commands it sends, the deadline it schedules, and the
 * compensation in reverse order when the payment is declined or times out.
 */
class OrderSagaTest {

    private static final OrderPlaced PLACED = new OrderPlaced("o-1", "w-1", "sku-1", 2, 40);

    private SagaTestFixture<OrderSaga> fixture;

    @BeforeEach
    void setUp() {
        fixture = new SagaTestFixture<>(OrderSaga.class);
        fixture.registerResource(SagaCommands.direct(
                DefaultCommandGateway.builder().commandBus(fixture.getCommandBus()).build()));
    }

    @Test
    void aPlacedOrderReservesStockChargesTheWalletAndSchedulesThePaymentDeadline() {
        fixture.givenNoPriorActivity()
               .whenPublishingA(PLACED)
               .expectActiveSagas(1)
               .expectDispatchedCommands(new ReserveStock("sku-1", "o-1", 2), new ChargeWallet("w-1", "o-1", 40))
               .expectScheduledDeadline(OrderSaga.PAYMENT_TIMEOUT, new PaymentTimedOut("o-1"));
    }

    @Test
    void aChargedWalletSellsTheStockAndConfirmsTheOrder() {
        fixture.givenAPublished(PLACED)
               .whenPublishingA(new WalletCharged("w-1", "o-1", 40))
               .expectDispatchedCommands(new SellStock("sku-1", "o-1"), new ConfirmOrder("o-1"))
               .expectNoScheduledDeadlines()
               .expectActiveSagas(0);
    }

    @Test
    void aDeclinedPaymentIsCompensatedInReverseOrder() {
        fixture.givenAPublished(PLACED)
               .whenPublishingA(new PaymentDeclined("w-1", "o-1", 40))
               .expectDispatchedCommands(new VoidPayment("w-1", "o-1"), new ReleaseStock("sku-1", "o-1"),
                                         new CancelOrder("o-1", "payment declined"))
               .expectActiveSagas(0);
    }

    @Test
    void aPaymentThatTimesOutIsCompensatedTheSameWay() {
        fixture.givenAPublished(PLACED)
               .whenTimeElapses(OrderSaga.PAYMENT_TIMEOUT.plusSeconds(1))
               .expectDeadlinesMet(new PaymentTimedOut("o-1"))
               .expectDispatchedCommands(new VoidPayment("w-1", "o-1"), new ReleaseStock("sku-1", "o-1"),
                                         new CancelOrder("o-1", "payment timed out"))
               .expectActiveSagas(0);
    }
}
