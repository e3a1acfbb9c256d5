package com.example.jpashop;

import com.example.jpashop.JpaOrderMessages.OrderPlaced;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.stereotype.Component;

/** The sample's summaries projection, writing JPA rows (saving by identifier makes a replay harmless). */
@Component
@ProcessingGroup("orderSummaries")
public class JpaOrderSummaries {

    private final OrderSummaryRepository summaries;

    public JpaOrderSummaries(OrderSummaryRepository summaries) {
        this.summaries = summaries;
    }

    @EventHandler
    void on(OrderPlaced event) {
        summaries.save(new OrderSummaryEntity(event.orderId(), event.customer(), event.product(), event.quantity()));
    }
}
