package dev.cairn.relay.internal;

import dev.cairn.projections.ProjectionHandlers;
import dev.cairn.relay.RelayRoute;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.WrappedToken;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The event handler of a relay's processor: turns each selected event into its record and collects the batch's
 * records; just before the processor stores the batch's token they are published in one Kafka transaction with the
 * segment's position (ADR 86). A payload that does not serialize fails its event, which the processor parks as a dead
 * letter (its aggregate's later events wait behind it); a Kafka failure fails the batch, which is retried.
 */
public final class RelayPublisher {

    private final String relay;
    private final List<RelayRoute> routes;
    private final EventRecords records;
    private final SegmentWriters writers;

    public RelayPublisher(String relay, List<RelayRoute> routes, EventRecords records, SegmentWriters writers) {
        this.relay = relay;
        this.routes = List.copyOf(routes);
        this.records = records;
        this.writers = writers;
    }

    @EventHandler
    public void on(EventMessage<?> event, TrackingToken token) {
        RelayRoute route = routes.stream().filter(r -> r.selects().test(event)).findFirst().orElse(null);
        if (route == null) {
            return;
        }
        TrackingToken lower = WrappedToken.unwrapLowerBound(token);
        long position = lower == null ? -1 : lower.position().orElse(-1);
        Set<Long> gaps = lower instanceof GapAwareTrackingToken gapAware ? gapAware.getGaps() : Set.of();
        PendingRecord pending = new PendingRecord(records.record(route.topic(), event, position),
                                                  Objects.hashCode(EventRecords.keyOf(event)), position, gaps);
        if (!CurrentUnitOfWork.isStarted()) {
            writers.publish(-1, List.of(pending), null);
            return;
        }
        String key = RelayPublisher.class.getName() + "/" + relay;
        List<PendingRecord> batch = CurrentUnitOfWork.get().root().getOrComputeResource(key, k -> new ArrayList<>());
        batch.add(pending);
        ProjectionHandlers.beforeTokenStored(key, (batchToken, segment) -> writers.publish(segment, batch, batchToken));
    }
}
