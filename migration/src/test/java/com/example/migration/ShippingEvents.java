package com.example.migration;

/** The events of {@link Shipping}. */
public final class ShippingEvents {

    private ShippingEvents() {
    }

    public record OrderPlaced(String orderId, String parcelId) {
    }

    public record ParcelSent(String parcelId, String carrier) {
    }

    public record ParcelDelivered(String parcelId) {
    }
}
