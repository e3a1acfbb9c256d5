package com.example.boot.shop;

import com.example.boot.shop.ShopMessages.OrderPlaced;
import org.axonframework.messaging.MetaData;
import org.axonframework.modelling.saga.SagaEventHandler;
import org.axonframework.modelling.saga.StartSaga;
import org.axonframework.spring.stereotype.Saga;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** A saga declared the Axon way; its instances live in Cairn's saga store. Records what its handler received. */
@Saga
public class OrderFollowUp {

    /** The metadata each order's event reached the saga with, by order (a test probe, shared by instances). */
    public static final Map<String, MetaData> RECEIVED = new ConcurrentHashMap<>();

    private String orderId;

    @StartSaga
    @SagaEventHandler(associationProperty = "orderId")
    public void on(OrderPlaced event, MetaData metaData) {
        this.orderId = event.orderId();
        RECEIVED.put(event.orderId(), metaData);
    }

    public String getOrderId() {
        return orderId;
    }

    public void setOrderId(String orderId) {
        this.orderId = orderId;
    }
}
