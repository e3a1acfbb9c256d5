package com.example.samples.orders;

import com.example.samples.orders.OrderMessages.OutOfStockException;
import com.example.samples.orders.OrderMessages.ReleaseStock;
import com.example.samples.orders.OrderMessages.ReserveStock;
import com.example.samples.orders.OrderMessages.SellStock;
import com.example.samples.orders.OrderMessages.SkuStocked;
import com.example.samples.orders.OrderMessages.StockReleased;
import com.example.samples.orders.OrderMessages.StockReserved;
import com.example.samples.orders.OrderMessages.StockSku;
import com.example.samples.orders.OrderMessages.StockSold;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * The stock of one SKU: every unit is available, reserved for an order, or sold. Reservations are per order, released
 * or sold at most once. Its stream grows with every order, so the sample snapshots it every 50 events.
 */
public class Inventory {

    @AggregateIdentifier
    private String sku;
    private int available;
    private int sold;
    private final Map<String, Integer> reservations = new LinkedHashMap<>();

    protected Inventory() {
    }

    @CommandHandler
    public Inventory(StockSku command) {
        if (command.units() < 0) {
            throw new IllegalArgumentException("SKU [" + command.sku() + "]: units must not be negative");
        }
        apply(new SkuStocked(command.sku(), command.units()));
    }

    @CommandHandler
    public void handle(ReserveStock command) {
        if (reservations.containsKey(command.orderId())) {
            return;
        }
        if (available < command.quantity()) {
            throw new OutOfStockException("Only " + available + " of [" + sku + "] left for order ["
                                                  + command.orderId() + "]");
        }
        apply(new StockReserved(sku, command.orderId(), command.quantity()));
    }

    @CommandHandler
    public void handle(ReleaseStock command) {
        Integer reserved = reservations.get(command.orderId());
        if (reserved != null) {
            apply(new StockReleased(sku, command.orderId(), reserved));
        }
    }

    @CommandHandler
    public void handle(SellStock command) {
        Integer reserved = reservations.get(command.orderId());
        if (reserved != null) {
            apply(new StockSold(sku, command.orderId(), reserved));
        }
    }

    @EventSourcingHandler
    void on(SkuStocked event) {
        sku = event.sku();
        available += event.units();
    }

    @EventSourcingHandler
    void on(StockReserved event) {
        available -= event.quantity();
        reservations.put(event.orderId(), event.quantity());
    }

    @EventSourcingHandler
    void on(StockReleased event) {
        available += event.quantity();
        reservations.remove(event.orderId());
    }

    @EventSourcingHandler
    void on(StockSold event) {
        sold += event.quantity();
        reservations.remove(event.orderId());
    }

    /** @return this SKU's units: available, reserved and sold */
    public StockLevels levels() {
        return new StockLevels(sku, available, reservations.values().stream().mapToInt(Integer::intValue).sum(), sold);
    }

    /** @return whether units are reserved for {@code orderId} */
    public boolean reservedFor(String orderId) {
        return reservations.containsKey(orderId);
    }

    /** Units of one SKU. */
    public record StockLevels(String sku, int available, int reserved, int sold) {
        public int total() {
            return available + reserved + sold;
        }
    }
}
