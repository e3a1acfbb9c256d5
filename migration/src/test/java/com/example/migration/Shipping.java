package com.example.migration;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import org.axonframework.modelling.saga.EndSaga;
import org.axonframework.modelling.saga.SagaEventHandler;
import org.axonframework.modelling.saga.SagaLifecycle;
import org.axonframework.modelling.saga.StartSaga;

import java.util.ArrayList;
import java.util.List;

/**
 * The saga of the migration tests: started by an order, associated with its parcel on the way, it records every event
 * it handles, so its state shows whether it continued where it was.
 */
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY, getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE)
public class Shipping {

    private String orderId;
    private List<String> seen = new ArrayList<>();

    public Shipping() {
    }

    @StartSaga
    @SagaEventHandler(associationProperty = "orderId")
    public void on(ShippingEvents.OrderPlaced event) {
        orderId = event.orderId();
        seen.add("placed " + event.orderId());
        SagaLifecycle.associateWith("parcelId", event.parcelId());
    }

    @SagaEventHandler(associationProperty = "parcelId")
    public void on(ShippingEvents.ParcelSent event) {
        seen.add("sent " + event.parcelId() + " by " + event.carrier());
    }

    @EndSaga
    @SagaEventHandler(associationProperty = "parcelId")
    public void on(ShippingEvents.ParcelDelivered event) {
        seen.add("delivered " + event.parcelId());
    }

    public String orderId() {
        return orderId;
    }

    public List<String> seen() {
        return List.copyOf(seen);
    }
}
