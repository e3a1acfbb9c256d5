package com.example.testing.example;

import com.mongodb.client.model.Updates;
import dev.cairn.projections.ReadModel;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;

/**
 * A projection: one summary per order, and the number of books ordered across all orders.
 */
@ProcessingGroup("order-summaries")
public class OrderSummaries {

    @EventHandler
    void on(OrderPlaced event, ReadModel readModel) {
        readModel.collection("order_summaries").update(event.orderId(), Updates.combine(
                Updates.set("customer", event.customer()), Updates.set("lines", 0), Updates.set("shipped", false)));
    }

    @EventHandler
    void on(LineAdded event, ReadModel readModel) {
        readModel.collection("order_summaries").update(event.orderId(), Updates.inc("lines", 1));
        readModel.collection("product_totals").update(event.product(), Updates.inc("quantity", event.quantity()));
    }

    @EventHandler
    void on(OrderShipped event, ReadModel readModel) {
        readModel.collection("order_summaries").update(event.orderId(), Updates.set("shipped", true));
    }
}
