package com.example.samples.orders;

import com.example.samples.orders.OrderMessages.ChargeWallet;
import com.example.samples.orders.OrderMessages.OpenWallet;
import com.example.samples.orders.OrderMessages.PaymentDeclined;
import com.example.samples.orders.OrderMessages.PaymentPending;
import com.example.samples.orders.OrderMessages.PaymentRefunded;
import com.example.samples.orders.OrderMessages.PaymentVoided;
import com.example.samples.orders.OrderMessages.VoidPayment;
import com.example.samples.orders.OrderMessages.WalletCharged;
import com.example.samples.orders.OrderMessages.WalletOpened;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * A customer's wallet: charged at most once per order, declined when the balance is short, refunded when the order is
 * compensated. A wallet whose provider does not answer leaves the charge pending.
 */
public class Wallet {

    @AggregateIdentifier
    private String walletId;
    private long balance;
    private boolean answers;
    private final Map<String, Long> charged = new LinkedHashMap<>();
    private final Map<String, Long> pending = new LinkedHashMap<>();

    protected Wallet() {
    }

    @CommandHandler
    public Wallet(OpenWallet command) {
        apply(new WalletOpened(command.walletId(), command.balance(), command.answers()));
    }

    @CommandHandler
    public void handle(ChargeWallet command) {
        if (charged.containsKey(command.orderId()) || pending.containsKey(command.orderId())) {
            return;
        }
        if (!answers) {
            apply(new PaymentPending(walletId, command.orderId(), command.amount()));
        } else if (balance >= command.amount()) {
            apply(new WalletCharged(walletId, command.orderId(), command.amount()));
        } else {
            apply(new PaymentDeclined(walletId, command.orderId(), command.amount()));
        }
    }

    @CommandHandler
    public void handle(VoidPayment command) {
        if (charged.containsKey(command.orderId())) {
            apply(new PaymentRefunded(walletId, command.orderId(), charged.get(command.orderId())));
        } else if (pending.containsKey(command.orderId())) {
            apply(new PaymentVoided(walletId, command.orderId()));
        }
    }

    @EventSourcingHandler
    void on(WalletOpened event) {
        walletId = event.walletId();
        balance = event.balance();
        answers = event.answers();
    }

    @EventSourcingHandler
    void on(WalletCharged event) {
        balance -= event.amount();
        charged.put(event.orderId(), event.amount());
    }

    @EventSourcingHandler
    void on(PaymentPending event) {
        pending.put(event.orderId(), event.amount());
    }

    @EventSourcingHandler
    void on(PaymentRefunded event) {
        balance += event.amount();
        charged.remove(event.orderId());
    }

    @EventSourcingHandler
    void on(PaymentVoided event) {
        pending.remove(event.orderId());
    }

    public long balance() {
        return balance;
    }

    /** @return what {@code orderId} is charged now (0 when never charged, or refunded) */
    public long chargedFor(String orderId) {
        return charged.getOrDefault(orderId, 0L);
    }
}
