package com.example.shop;

import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;

import java.util.HashMap;
import java.util.Map;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/** Stock of one SKU; reservations by order, released at most once. */
public class Inventory {

    @AggregateIdentifier
    private String sku;
    private int available;
    private final Map<String, Integer> reservations = new HashMap<>();

    protected Inventory() {
    }

    @CommandHandler
    public Inventory(Shop.StockInventory command) {
        apply(new Shop.InventoryStocked(command.sku(), command.units()));
    }

    @CommandHandler
    public void handle(Shop.ReserveStock command) {
        if (reservations.containsKey(command.orderId())) {
            return;
        }
        if (available < command.quantity()) {
            throw new Shop.OutOfStockException("Only " + available + " of [" + sku + "] left");
        }
        apply(new Shop.StockReserved(sku, command.orderId(), command.quantity()));
    }

    @CommandHandler
    public void handle(Shop.ReleaseStock command) {
        Integer reserved = reservations.get(command.orderId());
        if (reserved != null) {
            apply(new Shop.StockReleased(sku, command.orderId(), reserved));
        }
    }

    @EventSourcingHandler
    void on(Shop.InventoryStocked event) {
        sku = event.sku();
        available = event.units();
    }

    @EventSourcingHandler
    void on(Shop.StockReserved event) {
        available -= event.quantity();
        reservations.put(event.orderId(), event.quantity());
    }

    @EventSourcingHandler
    void on(Shop.StockReleased event) {
        available += event.quantity();
        reservations.remove(event.orderId());
    }
}
