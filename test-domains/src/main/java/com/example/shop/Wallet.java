package com.example.shop;

import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.ConcurrencyException;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/** A customer's wallet; one charge per order at most. */
public class Wallet {

    /** How many charges were executed (not replayed from an idempotency key), for tests. */
    public static final AtomicInteger CHARGES_EXECUTED = new AtomicInteger();
    /** How many next charges fail as if another node had appended to the wallet first, for tests. */
    public static final AtomicInteger CHARGES_TO_CONFLICT = new AtomicInteger();

    @AggregateIdentifier
    private String walletId;
    private long balance;
    private boolean frozen;
    private final Map<String, Long> charged = new HashMap<>();
    private final Map<String, Long> pending = new HashMap<>();

    protected Wallet() {
    }

    @CommandHandler
    public Wallet(Shop.OpenWallet command) {
        apply(new Shop.WalletOpened(command.walletId(), command.balance(), command.frozen()));
    }

    @CommandHandler
    public void handle(Shop.ChargeWallet command) {
        CHARGES_EXECUTED.incrementAndGet();
        if (CHARGES_TO_CONFLICT.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            throw new ConcurrencyException("Wallet [" + walletId + "] was changed by another node");
        }
        if (frozen) {
            apply(new Shop.PaymentPending(walletId, command.orderId(), command.amount()));
        } else if (balance >= command.amount()) {
            apply(new Shop.WalletCharged(walletId, command.orderId(), command.amount()));
        } else {
            apply(new Shop.PaymentDeclined(walletId, command.orderId(), command.amount()));
        }
    }

    @CommandHandler
    public void handle(Shop.VoidPayment command) {
        if (charged.containsKey(command.orderId())) {
            apply(new Shop.WalletRefunded(walletId, command.orderId(), charged.get(command.orderId())));
        } else if (pending.containsKey(command.orderId())) {
            apply(new Shop.PaymentVoided(walletId, command.orderId()));
        }
    }

    @EventSourcingHandler
    void on(Shop.WalletOpened event) {
        walletId = event.walletId();
        balance = event.balance();
        frozen = event.frozen();
    }

    @EventSourcingHandler
    void on(Shop.PaymentPending event) {
        pending.put(event.orderId(), event.amount());
    }

    @EventSourcingHandler
    void on(Shop.WalletCharged event) {
        balance -= event.amount();
        charged.put(event.orderId(), event.amount());
    }

    @EventSourcingHandler
    void on(Shop.WalletRefunded event) {
        balance += event.amount();
        charged.remove(event.orderId());
    }

    @EventSourcingHandler
    void on(Shop.PaymentVoided event) {
        pending.remove(event.orderId());
    }
}
