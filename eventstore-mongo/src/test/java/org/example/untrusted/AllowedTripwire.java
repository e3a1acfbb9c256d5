package org.example.untrusted;

/**
 * Like {@link Tripwire}, for the control case where its package is allowed: then deserializing does construct it.
 */
public class AllowedTripwire {

    static {
        TripwireLog.RAN.add("AllowedTripwire static initializer");
    }

    public String amount;

    public AllowedTripwire() {
        TripwireLog.RAN.add("AllowedTripwire constructor");
    }
}
