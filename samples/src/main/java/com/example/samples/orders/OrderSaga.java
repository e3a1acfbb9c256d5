package com.example.samples.orders;

import com.example.samples.orders.OrderMessages.CancelOrder;
import com.example.samples.orders.OrderMessages.ChargeWallet;
import com.example.samples.orders.OrderMessages.ConfirmOrder;
import com.example.samples.orders.OrderMessages.OrderPlaced;
import com.example.samples.orders.OrderMessages.OutOfStockException;
import com.example.samples.orders.OrderMessages.PaymentDeclined;
import com.example.samples.orders.OrderMessages.PaymentTimedOut;
import com.example.samples.orders.OrderMessages.ReleaseStock;
import com.example.samples.orders.OrderMessages.ReserveStock;
import com.example.samples.orders.OrderMessages.SellStock;
import com.example.samples.orders.OrderMessages.VoidPayment;
import com.example.samples.orders.OrderMessages.WalletCharged;
import dev.cairn.sagas.Compensation;
import dev.cairn.sagas.SagaCommands;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.annotation.DeadlineHandler;
import org.axonframework.modelling.saga.SagaEventHandler;
import org.axonframework.modelling.saga.SagaLifecycle;
import org.axonframework.modelling.saga.StartSaga;

import java.time.Duration;

/**
 * Order → reserve stock → charge the wallet → sell the stock and confirm. When the payment is declined or does not
 * answer before the payment deadline, the completed steps are compensated in reverse (void the payment, release the
 * stock) and the order is cancelled. Commands go through {@link SagaCommands}, so a redelivered event never charges a
 * wallet or reserves stock twice.
 */
public class OrderSaga {

    /** How long a payment may stay unanswered. */
    public static final Duration PAYMENT_TIMEOUT = Duration.ofSeconds(5);
    static final String PAYMENT_DEADLINE = "payment-deadline";

    private String orderId;
    private String walletId;
    private String sku;
    private Compensation compensation = new Compensation();

    @StartSaga
    @SagaEventHandler(associationProperty = "orderId")
    public void on(OrderPlaced event, SagaCommands commands, DeadlineManager deadlines) {
        orderId = event.orderId();
        walletId = event.walletId();
        sku = event.sku();
        try {
            commands.send(new ReserveStock(sku, orderId, event.quantity()));
        } catch (OutOfStockException e) {
            fail("out of stock", commands);
            return;
        }
        compensation.completed("reserve-stock");
        deadlines.schedule(PAYMENT_TIMEOUT, PAYMENT_DEADLINE, new PaymentTimedOut(orderId));
        commands.send(new ChargeWallet(walletId, orderId, event.amount()));
        compensation.completed("charge-wallet");
    }

    @SagaEventHandler(associationProperty = "orderId")
    public void on(WalletCharged event, SagaCommands commands, DeadlineManager deadlines) {
        if (compensation.running()) {
            deadlines.cancelAllWithinScope(PAYMENT_DEADLINE);
            commands.send(new SellStock(sku, orderId));
            commands.send(new ConfirmOrder(orderId));
            compensation.complete();
            SagaLifecycle.end();
        }
    }

    @SagaEventHandler(associationProperty = "orderId")
    public void on(PaymentDeclined event, SagaCommands commands, DeadlineManager deadlines) {
        if (compensation.running()) {
            deadlines.cancelAllWithinScope(PAYMENT_DEADLINE);
            fail("payment declined", commands);
        }
    }

    @DeadlineHandler(deadlineName = PAYMENT_DEADLINE)
    public void on(PaymentTimedOut timeout, SagaCommands commands) {
        if (compensation.running()) {
            fail("payment timed out", commands);
        }
    }

    private void fail(String reason, SagaCommands commands) {
        compensation.compensate(reason, commands, step -> switch (step) {
            case "reserve-stock" -> new ReleaseStock(sku, orderId);
            case "charge-wallet" -> new VoidPayment(walletId, orderId);
            default -> null;
        });
        commands.send(new CancelOrder(orderId, reason));
        SagaLifecycle.end();
    }

    /** @return the steps completed and compensated so far */
    public Compensation compensation() {
        return compensation;
    }
}
