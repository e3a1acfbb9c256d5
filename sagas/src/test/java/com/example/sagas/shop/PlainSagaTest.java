package com.example.sagas.shop;

import com.example.shop.Order;
import com.example.shop.Shop;
import com.example.shop.ShopView;
import com.mongodb.client.MongoDatabase;
import dev.cairn.aggregates.Cairn;
import dev.cairn.aggregates.CairnApplication;
import dev.cairn.mongo.embedded.junit.EmbeddedMongoExtension;
import dev.cairn.processing.InitialPosition;
import dev.cairn.sagas.CairnSagas;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.annotation.DeadlineHandler;
import org.axonframework.modelling.saga.EndSaga;
import org.axonframework.modelling.saga.SagaEventHandler;
import org.axonframework.modelling.saga.StartSaga;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A plain Axon saga — Axon's {@code CommandGateway} and {@code DeadlineManager}, no {@code SagaCommands}, no
 * compensation helper — runs unchanged on Cairn's saga store and deadline manager.
 */
@ExtendWith(EmbeddedMongoExtension.class)
class PlainSagaTest {

    /** Confirms every order a moment after it was placed. */
    public static class AutoConfirmSaga {

        private String orderId;

        @StartSaga
        @SagaEventHandler(associationProperty = "orderId")
        public void on(Shop.OrderPlaced event, DeadlineManager deadlines) {
            orderId = event.orderId();
            deadlines.schedule(Duration.ofMillis(100), "confirm", new Shop.ConfirmOrder(orderId));
        }

        @EndSaga
        @DeadlineHandler(deadlineName = "confirm")
        public void on(Shop.ConfirmOrder confirm, CommandGateway commands) {
            commands.sendAndWait(confirm);
        }
    }

    @Test
    void aPlainSagaRunsOnTheMongoStoreAndDeadlines(MongoDatabase database) throws Exception {
        // Given a plain saga registered through the entry point
        CairnSagas sagas = CairnSagas.builder().saga(AutoConfirmSaga.class).initialPosition(InitialPosition.TAIL)
                                     .deadlinePollInterval(Duration.ofMillis(50)).build();
        try (CairnApplication app = Cairn.builder().database(database).aggregate(Order.class)
                                         .extension(sagas.extension()).start()) {
            ShopView view = new ShopView(app.eventStore());

            // When an order is placed
            app.commandGateway().sendAndWait(new Shop.PlaceOrder("o-1", "w-1", "sku-1", 1, 10, 0));

            // Then the saga's deadline confirms it and the saga ends
            OrderSagaEndToEndTest.await(() -> "CONFIRMED".equals(view.order("o-1").status())
                    && sagas.liveSagas(AutoConfirmSaga.class) == 0, "the order is confirmed and the saga ended");
            assertThat(sagas.processingGroups()).containsExactly("AutoConfirmSagaProcessor");
            assertThat(sagas.deadlineManager().parked()).isEmpty();
        }
    }
}
