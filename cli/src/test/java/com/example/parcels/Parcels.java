package com.example.parcels;

/**
 * Events of an application outside {@code dev.cairn}, which the command line does not allow as stored types.
 */
public final class Parcels {

    private Parcels() {
    }

    /** A parcel left the depot. */
    public record ParcelShipped(String parcelId, int weight) {
    }
}
