package com.example.testing.broken;

import com.fasterxml.jackson.annotation.JsonIgnore;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * An aggregate whose {@link GiftNoteAdded} event loses its note: Jackson ignores the component.
 */
public class GiftOrder {

    public record PlaceGiftOrder(String orderId) {
    }

    public record AddGiftNote(@TargetAggregateIdentifier String orderId, String note) {
    }

    public record GiftOrderPlaced(String orderId) {
    }

    public record GiftNoteAdded(String orderId, @JsonIgnore String note) {
    }

    @AggregateIdentifier
    private String orderId;
    private String note;

    protected GiftOrder() {
    }

    @CommandHandler
    public GiftOrder(PlaceGiftOrder command) {
        apply(new GiftOrderPlaced(command.orderId()));
    }

    @CommandHandler
    public void handle(AddGiftNote command) {
        apply(new GiftNoteAdded(orderId, command.note()));
    }

    @EventSourcingHandler
    void on(GiftOrderPlaced event) {
        orderId = event.orderId();
    }

    @EventSourcingHandler
    void on(GiftNoteAdded event) {
        note = event.note();
    }
}
