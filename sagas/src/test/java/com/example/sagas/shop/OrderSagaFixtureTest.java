package com.example.sagas.shop;

import com.example.shop.Shop;
import dev.cairn.aggregates.Cairn;
import dev.cairn.sagas.SagaCommands;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.axonframework.test.saga.SagaTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Axon's {@link SagaTestFixture} drives the order saga, which uses {@link SagaCommands} and the compensation helper:
 * given/when/expect on dispatched commands and scheduled deadlines, without MongoDB.
 */
class OrderSagaFixtureTest {

    private static final Shop.OrderPlaced PLACED = new Shop.OrderPlaced("o-1", "w-1", "sku-1", 2, 40, 30_000);

    private SagaTestFixture<OrderSaga> fixture;

    @BeforeEach
    void setUp() {
        fixture = new SagaTestFixture<>(OrderSaga.class);
        fixture.registerResource(SagaCommands.direct(
                DefaultCommandGateway.builder().commandBus(fixture.getCommandBus()).build()));
    }

    @Test
    void aPlacedOrderReservesStockRequestsPaymentAndSchedulesTheTimeout() {
        // Given no saga; When an order is placed
        fixture.givenNoPriorActivity()
               .whenPublishingA(PLACED)
               // Then the saga reserves, charges and waits for the payment at most 30 s
               .expectActiveSagas(1)
               .expectDispatchedCommands(new Shop.ReserveStock("sku-1", "o-1", 2),
                                         new Shop.ChargeWallet("w-1", "o-1", 40))
               .expectScheduledDeadline(Duration.ofSeconds(30), new Shop.PaymentTimeout("o-1"));

        // And each command carries its own idempotency key derived from the saga and the event
        List<String> keys = fixture.getCommandBus().getDispatchedCommands().stream()
                                   .map(CommandMessage::getMetaData)
                                   .map(metaData -> String.valueOf(metaData.get(Cairn.IDEMPOTENCY_KEY)))
                                   .toList();
        assertThat(keys).hasSize(2).doesNotHaveDuplicates().allMatch(key -> key.startsWith("saga:"));
        assertThat(keys.get(0)).endsWith(":0");
        assertThat(keys.get(1)).endsWith(":1");
    }

    @Test
    void aDeclinedPaymentCompensatesInReverseOrderAndCancelsTheOrder() {
        fixture.givenAPublished(PLACED)
               .whenPublishingA(new Shop.PaymentDeclined("w-1", "o-1", 40))
               .expectDispatchedCommands(new Shop.VoidPayment("w-1", "o-1"),
                                         new Shop.ReleaseStock("sku-1", "o-1"),
                                         new Shop.CancelOrder("o-1", "payment declined"))
               .expectNoScheduledDeadlines()
               .expectActiveSagas(0);
    }

    @Test
    void aPaymentTimeoutRunsTheSameCompensation() {
        fixture.givenAPublished(PLACED)
               .whenTimeElapses(Duration.ofSeconds(31))
               .expectDeadlinesMet(new Shop.PaymentTimeout("o-1"))
               .expectDispatchedCommands(new Shop.VoidPayment("w-1", "o-1"),
                                         new Shop.ReleaseStock("sku-1", "o-1"),
                                         new Shop.CancelOrder("o-1", "payment timed out"))
               .expectActiveSagas(0);
    }

    @Test
    void aSuccessfulPaymentConfirmsTheOrderAndCancelsTheTimeout() {
        fixture.givenAPublished(PLACED)
               .whenPublishingA(new Shop.WalletCharged("w-1", "o-1", 40))
               .expectDispatchedCommands(new Shop.ConfirmOrder("o-1"))
               .expectNoScheduledDeadlines()
               .expectActiveSagas(0);
    }
}
