package org.example.untrusted;

/**
 * A class a stored document must never make the event store initialize or construct: its static initializer and
 * constructor record that they ran.
 */
public class Tripwire {

    static {
        TripwireLog.RAN.add("Tripwire static initializer");
    }

    public String amount;

    public Tripwire() {
        TripwireLog.RAN.add("Tripwire constructor");
    }
}
