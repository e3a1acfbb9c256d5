package com.example.sagas.shop;

import com.example.shop.Shop;
import dev.cairn.sagas.Compensation;
import dev.cairn.sagas.SagaCommands;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.annotation.DeadlineHandler;
import org.axonframework.modelling.saga.SagaEventHandler;
import org.axonframework.modelling.saga.SagaLifecycle;
import org.axonframework.modelling.saga.StartSaga;

import java.time.Duration;

/**
 * Order → reserve stock → charge the wallet → confirm; a declined or timed-out payment releases the stock, voids the
 * payment and cancels the order.
 */
public class OrderSaga {

    static final String PAYMENT_TIMEOUT = "payment-timeout";

    private String orderId;
    private String walletId;
    private String sku;
    private Compensation compensation = new Compensation();

    @StartSaga
    @SagaEventHandler(associationProperty = "orderId")
    public void on(Shop.OrderPlaced event, SagaCommands commands, DeadlineManager deadlines) {
        orderId = event.orderId();
        walletId = event.walletId();
        sku = event.sku();
        try {
            commands.send(new Shop.ReserveStock(sku, orderId, event.quantity()));
        } catch (Shop.OutOfStockException e) {
            fail("out of stock", commands);
            return;
        }
        compensation.completed("reserve-stock");
        deadlines.schedule(Duration.ofMillis(event.paymentTimeoutMillis()), PAYMENT_TIMEOUT,
                           new Shop.PaymentTimeout(orderId));
        commands.send(new Shop.ChargeWallet(walletId, orderId, event.amount()));
        compensation.completed("request-payment");
    }

    @SagaEventHandler(associationProperty = "orderId")
    public void on(Shop.WalletCharged event, SagaCommands commands, DeadlineManager deadlines) {
        if (compensation.running()) {
            deadlines.cancelAllWithinScope(PAYMENT_TIMEOUT);
            commands.send(new Shop.ConfirmOrder(orderId));
            compensation.complete();
            SagaLifecycle.end();
        }
    }

    @SagaEventHandler(associationProperty = "orderId")
    public void on(Shop.PaymentDeclined event, SagaCommands commands, DeadlineManager deadlines) {
        if (compensation.running()) {
            deadlines.cancelAllWithinScope(PAYMENT_TIMEOUT);
            fail("payment declined", commands);
        }
    }

    @DeadlineHandler(deadlineName = PAYMENT_TIMEOUT)
    public void on(Shop.PaymentTimeout timeout, SagaCommands commands) {
        if (compensation.running()) {
            fail("payment timed out", commands);
        }
    }

    private void fail(String reason, SagaCommands commands) {
        compensation.compensate(reason, commands, step -> switch (step) {
            case "reserve-stock" -> new Shop.ReleaseStock(sku, orderId);
            case "request-payment" -> new Shop.VoidPayment(walletId, orderId);
            default -> null;
        });
        commands.send(new Shop.CancelOrder(orderId, reason));
        SagaLifecycle.end();
    }

    public Compensation compensation() {
        return compensation;
    }
}
