package dev.cairn.projections.internal;

import org.axonframework.lifecycle.Phase;

/**
 * The phases in which the projections do their part of an application's start and stop, placed around Axon's event
 * processing: it builds the processors in the very first start phase ({@code Integer.MIN_VALUE}) and starts them in
 * {@link Phase#INBOUND_EVENT_CONNECTORS}. Start runs phases in ascending order, stop in descending order.
 */
final class ProjectionPhases {

    /**
     * Start: right after the processors were built, a paused projection's fair share may drop to zero (Axon's builder
     * asks for the share once and refuses zero, so before this a paused projection would fail the start).
     */
    static final int PROCESSORS_BUILT = Integer.MIN_VALUE + 1;

    /**
     * Axon's default phase. Start: the running projections (processors, dead letters, rebuilds) become reachable.
     * Stop: after the processors stopped, this node leaves the fair shares, so the other nodes take its segments over
     * at once rather than after the claim timeout.
     */
    static final int RUNTIME = 0;

    /**
     * Start: markers a node left when it died right after storing a token are removed before any processing.
     * Stop: once the processors stopped, the event stream they read is closed.
     */
    static final int BEFORE_PROCESSORS = Phase.INBOUND_EVENT_CONNECTORS - 1;

    /**
     * Start: once the processors run, this node follows the live versions. Stop, first, while the processors still
     * run: idle segments' tokens follow what was consumed, version following and this process's rebuilds stop.
     */
    static final int AFTER_PROCESSORS = Phase.INBOUND_EVENT_CONNECTORS + 1;

    private ProjectionPhases() {
    }
}
