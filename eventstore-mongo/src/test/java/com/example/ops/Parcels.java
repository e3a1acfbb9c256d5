package com.example.ops;

/**
 * A test domain outside Cairn's packages, for the operator reads of the event store.
 */
public final class Parcels {

    /** A parcel left the depot. */
    public record ParcelShipped(String parcelId, int items) {
    }

    private Parcels() {
    }
}
