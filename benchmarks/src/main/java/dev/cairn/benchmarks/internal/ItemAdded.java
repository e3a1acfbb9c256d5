package dev.cairn.benchmarks.internal;

import java.time.Instant;

/**
 * The payload of every benchmark event: a typical small domain event, about 250 bytes as BSON.
 */
public record ItemAdded(String orderId, String sku, String description, int quantity, long unitPriceCents,
                        String currency, Instant addedAt) {

    private static final String DESCRIPTION =
            "Stainless steel water bottle, 750 ml, vacuum insulated, keeps drinks cold for 24 hours";

    public ItemAdded {
        if (orderId == null || sku == null) {
            throw new IllegalArgumentException("ItemAdded needs an orderId and a sku");
        }
    }

    /**
     * @return the payload of event {@code sequence} of order {@code orderId}
     */
    public static ItemAdded sample(String orderId, long sequence) {
        return new ItemAdded(orderId, "SKU-" + (100_000 + sequence % 900_000), DESCRIPTION,
                             1 + (int) (sequence % 5), 1_999 + sequence % 1_000, "EUR", Instant.now());
    }
}
