package dev.cairn.benchmarks.internal;

import java.time.Instant;

/**
 * {@link ItemAdded} as an older version stored it: {@code qty} before it was renamed {@code quantity}.
 */
public record LegacyItemAdded(String orderId, String sku, String description, int qty, long unitPriceCents,
                              String currency, Instant addedAt) {

    /**
     * @return the old form of {@code current}
     */
    public static LegacyItemAdded of(ItemAdded current) {
        return new LegacyItemAdded(current.orderId(), current.sku(), current.description(), current.quantity(),
                                   current.unitPriceCents(), current.currency(), current.addedAt());
    }
}
