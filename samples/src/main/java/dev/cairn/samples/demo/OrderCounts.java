package dev.cairn.samples.demo;

import com.example.samples.orders.OrderSummaries;

import java.util.Map;
import java.util.TreeMap;

/** This run's orders by outcome, from the order summaries recomputed from the events. */
record OrderCounts(long confirmed, long cancelled, Map<String, Long> cancelledBy) {

    static OrderCounts of(ExpectedReadModels expected, String run) {
        long confirmed = 0;
        long cancelled = 0;
        Map<String, Long> reasons = new TreeMap<>();
        for (Map.Entry<Object, Map<String, Object>> order : expected.model(OrderSummaries.NAME).entrySet()) {
            if (!String.valueOf(order.getKey()).startsWith(run + "-")) {
                continue;
            }
            Object status = order.getValue().get("status");
            if ("CONFIRMED".equals(status)) {
                confirmed++;
            } else if ("CANCELLED".equals(status)) {
                cancelled++;
                reasons.merge(String.valueOf(order.getValue().get("reason")), 1L, Long::sum);
            }
        }
        return new OrderCounts(confirmed, cancelled, reasons);
    }
}
