package com.example.samples.orders;

import com.mongodb.client.model.Updates;
import dev.cairn.projections.ReadModel;
import com.example.samples.orders.OrderMessages.OrderCancelled;
import com.example.samples.orders.OrderMessages.OrderConfirmed;
import com.example.samples.orders.OrderMessages.OrderPlaced;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;

/** One document per order: what was ordered and where it stands. */
@ProcessingGroup(OrderSummaries.NAME)
public class OrderSummaries {

    public static final String NAME = "order-summaries";
    public static final String COLLECTION = "order_summaries";

    @EventHandler
    public void on(OrderPlaced event, ReadModel readModel) {
        readModel.collection(COLLECTION).update(event.orderId(), Updates.combine(
                Updates.set("status", "PLACED"), Updates.set("wallet", event.walletId()),
                Updates.set("sku", event.sku()), Updates.set("quantity", event.quantity()),
                Updates.set("amount", event.amount())));
    }

    @EventHandler
    public void on(OrderConfirmed event, ReadModel readModel) {
        readModel.collection(COLLECTION).update(event.orderId(), Updates.set("status", "CONFIRMED"));
    }

    @EventHandler
    public void on(OrderCancelled event, ReadModel readModel) {
        readModel.collection(COLLECTION).update(event.orderId(), Updates.combine(
                Updates.set("status", "CANCELLED"), Updates.set("reason", event.reason())));
    }
}
