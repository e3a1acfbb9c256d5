package com.example.sagas.failing;

import com.example.shop.Shop;
import dev.cairn.aggregates.IdempotencyKeyInProgressException;
import org.axonframework.common.AxonNonTransientException;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.annotation.DeadlineHandler;
import org.axonframework.modelling.saga.SagaEventHandler;
import org.axonframework.modelling.saga.StartSaga;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Keeps the list of charges of one wallet, and fails while a test tells it to: a saga with many events in a row, for
 * the tests of failing saga events. Its state records each charge before the handler may fail, so a failed attempt
 * that got stored would show as a charge counted twice.
 */
public class LedgerSaga {

    /** Every run of the charge handler, {@code walletId:orderId}, failed ones included, in order. */
    public static final List<String> RUNS = new CopyOnWriteArrayList<>();
    /** Every charge handled, {@code walletId:orderId#charges}, with the number of charges the saga then holds. */
    public static final List<String> HANDLED = new CopyOnWriteArrayList<>();
    /**
     * How many next runs fail, per wallet; {@link Integer#MAX_VALUE} fails until changed. Key {@code open:<wallet>}:
     * the start fails; {@code key:<wallet>}: a charge finds its command's idempotency key in progress;
     * {@code gone:<wallet>}: the reminder fails with a non-transient exception; {@code fatal:<wallet>}: a charge does.
     */
    public static final Map<String, Integer> FAILURES = new ConcurrentHashMap<>();
    /** How many handlers of the same saga run at this moment, and the most ever seen. */
    public static final Map<String, AtomicInteger> RUNNING = new ConcurrentHashMap<>();
    public static final AtomicInteger MOST_AT_ONCE = new AtomicInteger();
    /** How long each run takes, to widen the window in which two nodes could run one saga at once. */
    public static volatile long runMillis;

    private String walletId;
    private List<String> charges = new ArrayList<>();

    public static void reset() {
        RUNS.clear();
        HANDLED.clear();
        FAILURES.clear();
        RUNNING.clear();
        MOST_AT_ONCE.set(0);
        runMillis = 0;
    }

    @StartSaga
    @SagaEventHandler(associationProperty = "walletId")
    public void on(Shop.WalletOpened event, DeadlineManager deadlines) {
        walletId = event.walletId();
        if (walletId.startsWith("remind-")) {
            deadlines.schedule(Duration.ofMillis(300), "reminder", new Reminder(walletId));
        }
        if (FAILURES.getOrDefault("open:" + walletId, 0) > 0) {
            FAILURES.merge("open:" + walletId, -1, Integer::sum);
            throw new IllegalStateException("ledger cannot open " + walletId);
        }
    }

    @SagaEventHandler(associationProperty = "walletId")
    public void on(Shop.WalletCharged event) throws InterruptedException {
        AtomicInteger running = RUNNING.computeIfAbsent(walletId, id -> new AtomicInteger());
        MOST_AT_ONCE.accumulateAndGet(running.incrementAndGet(), Math::max);
        try {
            RUNS.add(walletId + ":" + event.orderId());
            charges.add(event.orderId());
            Thread.sleep(runMillis);
            if (FAILURES.getOrDefault("key:" + walletId, 0) > 0) {
                FAILURES.merge("key:" + walletId, -1, Integer::sum);
                // as SagaCommands fails while another send still holds the command's idempotency key
                throw new IllegalStateException("charge failed", new IdempotencyKeyInProgressException(
                        "saga:s:m:0", "com.example.shop.Shop$ChargeWallet", Duration.ofSeconds(30)));
            }
            if (FAILURES.getOrDefault("fatal:" + walletId, 0) > 0) {
                FAILURES.merge("fatal:" + walletId, -1, Integer::sum);
                throw new WalletGone(walletId);
            }
            int failures = FAILURES.getOrDefault(walletId, 0);
            if (failures > 0) {
                FAILURES.put(walletId, failures == Integer.MAX_VALUE ? failures : failures - 1);
                throw new IllegalStateException("ledger down for " + walletId);
            }
            HANDLED.add(walletId + ":" + event.orderId() + "#" + charges.size());
        } finally {
            running.decrementAndGet();
        }
    }

    @DeadlineHandler(deadlineName = "reminder")
    public void on(Reminder reminder) {
        if (FAILURES.getOrDefault("gone:" + walletId, 0) > 0) {
            RUNS.add(walletId + ":reminder");
            throw new WalletGone(walletId);
        }
        HANDLED.add(walletId + ":reminder#" + charges.size());
    }

    /** A failure that no retry can mend: the reminder's deadline must park at once. */
    public static class WalletGone extends AxonNonTransientException {

        public WalletGone(String walletId) {
            super("wallet " + walletId + " is gone");
        }
    }

    /** The payload of the reminder deadline. */
    public record Reminder(String walletId) {
    }

    public List<String> charges() {
        return charges;
    }
}
