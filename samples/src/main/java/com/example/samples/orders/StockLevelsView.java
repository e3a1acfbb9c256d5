package com.example.samples.orders;

import com.mongodb.client.model.Updates;
import dev.cairn.projections.ReadModel;
import com.example.samples.orders.OrderMessages.SkuStocked;
import com.example.samples.orders.OrderMessages.StockReleased;
import com.example.samples.orders.OrderMessages.StockReserved;
import com.example.samples.orders.OrderMessages.StockSold;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;

/** Stock levels per SKU: available, reserved and sold units. */
@ProcessingGroup(StockLevelsView.NAME)
public class StockLevelsView {

    public static final String NAME = "stock-levels";
    public static final String COLLECTION = "stock_levels";

    @EventHandler
    public void on(SkuStocked event, ReadModel readModel) {
        readModel.collection(COLLECTION).update(event.sku(), Updates.inc("available", event.units()));
    }

    @EventHandler
    public void on(StockReserved event, ReadModel readModel) {
        readModel.collection(COLLECTION).update(event.sku(), Updates.combine(
                Updates.inc("available", -event.quantity()), Updates.inc("reserved", event.quantity())));
    }

    @EventHandler
    public void on(StockReleased event, ReadModel readModel) {
        readModel.collection(COLLECTION).update(event.sku(), Updates.combine(
                Updates.inc("reserved", -event.quantity()), Updates.inc("available", event.quantity())));
    }

    @EventHandler
    public void on(StockSold event, ReadModel readModel) {
        readModel.collection(COLLECTION).update(event.sku(), Updates.combine(
                Updates.inc("reserved", -event.quantity()), Updates.inc("sold", event.quantity())));
    }
}
