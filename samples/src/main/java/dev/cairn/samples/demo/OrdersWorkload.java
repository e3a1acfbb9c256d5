package dev.cairn.samples.demo;

import dev.cairn.aggregates.CairnApplication;
import com.example.samples.orders.OrderMessages.OpenWallet;
import com.example.samples.orders.OrderMessages.OrderCancelled;
import com.example.samples.orders.OrderMessages.OrderConfirmed;
import com.example.samples.orders.OrderMessages.PlaceOrder;
import com.example.samples.orders.OrderMessages.StockSku;

import org.axonframework.common.Registration;
import org.axonframework.eventhandling.EventMessage;

import java.util.ArrayList;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Places the demo's orders from concurrent clients, each waiting for its order's outcome before the next: most paid
 * from wallets that can afford them, a share from empty
 * wallets (declined), a few from a wallet whose provider never answers (timed out). Identifiers carry the run, so a
 * second run on kept data adds to the first.
 */
final class OrdersWorkload {

    static final int SKUS = 20;
    static final int UNITS_PER_SKU = 1_000;
    static final int RICH_WALLETS = 50;
    static final int EMPTY_WALLETS = 10;

    private final CairnApplication app;
    private final DemoOptions options;
    private final String run;
    private final Map<String, CompletableFuture<Void>> outcomes = new ConcurrentHashMap<>();

    OrdersWorkload(CairnApplication app, DemoOptions options, String run) {
        this.app = app;
        this.options = options;
        this.run = run;
    }

    static String sku(int index) {
        return "sku-" + index;
    }

    /** Stocks every SKU (the first run only) and opens this run's wallets. */
    void prepare(boolean firstRun) {
        if (firstRun) {
            for (int s = 0; s < SKUS; s++) {
                app.commandGateway().sendAndWait(new StockSku(sku(s), UNITS_PER_SKU));
            }
        }
        for (int w = 0; w < RICH_WALLETS; w++) {
            app.commandGateway().sendAndWait(new OpenWallet(wallet("rich", w), 1_000_000, true));
        }
        for (int w = 0; w < EMPTY_WALLETS; w++) {
            app.commandGateway().sendAndWait(new OpenWallet(wallet("empty", w), 0, true));
        }
        app.commandGateway().sendAndWait(new OpenWallet(wallet("silent", 0), 1_000_000, false));
    }

    /** Places every order; {@code placed} counts them as they go. @return the orders that failed to be placed */
    List<String> placeOrders(AtomicLong placed) throws Exception {
        AtomicInteger next = new AtomicInteger();
        int timeoutEvery = options.timeouts() == 0 ? Integer.MAX_VALUE : options.orders() / options.timeouts();
        List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        ExecutorService clients = Executors.newFixedThreadPool(options.clients());
        Registration listening = app.eventStore().subscribe(this::heard);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int c = 0; c < options.clients(); c++) {
                running.add(clients.submit(() -> {
                    for (int i = next.getAndIncrement(); i < options.orders(); i = next.getAndIncrement()) {
                        PlaceOrder order = order(i, timeoutEvery);
                        try {
                            app.commandGateway().sendAndWait(order);
                            awaitOutcome(order.orderId());
                        } catch (RuntimeException e) {
                            failures.add(order.orderId() + ": " + e.getMessage());
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            return;
                        }
                        placed.incrementAndGet();
                    }
                }));
            }
            for (Future<?> client : running) {
                client.get();
            }
        } finally {
            listening.cancel();
            clients.shutdownNow();
        }
        return failures;
    }

    /**
     * A client waits for its order's outcome, as a checkout page does: confirmed, or cancelled by the saga; it hears
     * of it from the events this node publishes.
     */
    private void awaitOutcome(String orderId) throws InterruptedException {
        try {
            outcomes.computeIfAbsent(orderId, id -> new CompletableFuture<>()).get(60, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("no outcome within 60 s");
        } finally {
            outcomes.remove(orderId);
        }
    }

    private void heard(List<? extends EventMessage<?>> events) {
        for (EventMessage<?> event : events) {
            String orderId = event.getPayload() instanceof OrderConfirmed confirmed ? confirmed.orderId()
                    : event.getPayload() instanceof OrderCancelled cancelled ? cancelled.orderId() : null;
            if (orderId != null) {
                outcomes.computeIfAbsent(orderId, id -> new CompletableFuture<>()).complete(null);
            }
        }
    }

    private PlaceOrder order(int i, int timeoutEvery) {
        SplittableRandom random = new SplittableRandom(i);
        String wallet = i % timeoutEvery == 0 && i / timeoutEvery < options.timeouts() ? wallet("silent", 0)
                : random.nextDouble() < options.declined() ? wallet("empty", random.nextInt(EMPTY_WALLETS))
                : wallet("rich", random.nextInt(RICH_WALLETS));
        int quantity = 1 + random.nextInt(3);
        return new PlaceOrder(run + "-order-" + i, wallet, sku(random.nextInt(SKUS)), quantity,
                              quantity * (5L + random.nextInt(95)));
    }

    private String wallet(String kind, int index) {
        return run + "-wallet-" + kind + "-" + index;
    }
}
