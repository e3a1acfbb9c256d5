package com.example.boot.shop;

import com.example.boot.shop.ShopMessages.OrderPlaced;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.messaging.MetaData;
import org.springframework.stereotype.Component;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** A plain Axon event handler on a streaming processor: its tokens live in Cairn's token store. */
@Component
@ProcessingGroup("orderList")
public class OrderList {

    private final Map<String, String> customers = new ConcurrentHashMap<>();
    private final Map<String, MetaData> metaData = new ConcurrentHashMap<>();

    /** A customer whose orders this handler cannot process (for dead-letter tests). */
    public static final String POISON = "poison";

    @EventHandler
    void on(OrderPlaced event, MetaData eventMetaData) {
        if (POISON.equals(event.customer())) {
            throw new IllegalStateException("Cannot list the orders of customer " + POISON);
        }
        customers.put(event.orderId(), event.customer());
        metaData.put(event.orderId(), eventMetaData);
    }

    public Map<String, String> customers() {
        return customers;
    }

    /** @return the metadata each order's event reached this handler with */
    public Map<String, MetaData> metaData() {
        return metaData;
    }
}
