package org.example.untrusted;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Records which tripwire classes were initialized or constructed; loading this class initializes none of them.
 */
public final class TripwireLog {

    public static final List<String> RAN = new CopyOnWriteArrayList<>();

    private TripwireLog() {
    }
}
