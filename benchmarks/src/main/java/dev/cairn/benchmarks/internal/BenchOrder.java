package dev.cairn.benchmarks.internal;

import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;

/**
 * The event-sourced aggregate the {@code load} scenario loads; its state is what snapshots hold.
 */
public class BenchOrder {

    @AggregateIdentifier
    private String orderId;
    private long items;
    private long totalCents;
    private String lastSku;

    /** For Axon's aggregate factory and for deserializing snapshots. */
    public BenchOrder() {
    }

    @EventSourcingHandler
    public void on(ItemAdded event) {
        apply(event);
    }

    /**
     * Applies one event; also used by the raw driver baseline, which has no Axon.
     */
    public void apply(ItemAdded event) {
        this.orderId = event.orderId();
        this.items += event.quantity();
        this.totalCents += event.quantity() * event.unitPriceCents();
        this.lastSku = event.sku();
    }

    public String orderId() {
        return orderId;
    }

    public long items() {
        return items;
    }

    public long totalCents() {
        return totalCents;
    }
}
