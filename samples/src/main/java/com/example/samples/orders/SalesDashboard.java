package com.example.samples.orders;

import com.mongodb.client.model.Updates;
import dev.cairn.projections.ReadModel;
import com.example.samples.orders.OrderMessages.OrderCancelled;
import com.example.samples.orders.OrderMessages.OrderConfirmed;
import com.example.samples.orders.OrderMessages.OrderPlaced;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;

/**
 * A dashboard fed by every order: one totals document ({@value #TOTALS}: placed, confirmed, cancelled, revenue) and one
 * document per SKU sold (units, revenue). Every update is an increment, so orders from all segments compose exactly.
 */
@ProcessingGroup(SalesDashboard.NAME)
public class SalesDashboard {

    public static final String NAME = "sales-dashboard";
    public static final String COLLECTION = "sales_dashboard";
    public static final String TOTALS = "totals";

    @EventHandler
    public void on(OrderPlaced event, ReadModel readModel) {
        readModel.collection(COLLECTION).update(TOTALS, Updates.inc("placed", 1));
    }

    @EventHandler
    public void on(OrderConfirmed event, ReadModel readModel) {
        readModel.collection(COLLECTION).update(TOTALS, Updates.combine(Updates.inc("confirmed", 1),
                                                                          Updates.inc("revenue", event.amount())));
        readModel.collection(COLLECTION).update("sku:" + event.sku(), Updates.combine(
                Updates.inc("units", event.quantity()), Updates.inc("revenue", event.amount())));
    }

    @EventHandler
    public void on(OrderCancelled event, ReadModel readModel) {
        readModel.collection(COLLECTION).update(TOTALS, Updates.inc("cancelled", 1));
    }
}
