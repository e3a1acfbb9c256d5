package dev.cairn.snapshots.internal;

import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventsourcing.Snapshotter;
import org.axonframework.messaging.MessageDispatchInterceptor;

import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * Requests a snapshot when a published event of a watched aggregate type completes a multiple of its threshold
 * (sequence number {@code n-1}, {@code 2n-1}, ...). Used for aggregates whose threshold comes only from
 * {@code @SnapshotEvery}, which no repository trigger knows about. The snapshotter waits for the commit.
 */
public final class SequenceThresholdInterceptor implements MessageDispatchInterceptor<EventMessage<?>> {

    private final AggregateTypes types;
    private final Map<Class<?>, Integer> thresholds;
    private final Snapshotter snapshotter;

    public SequenceThresholdInterceptor(Map<Class<?>, Integer> thresholds, Snapshotter snapshotter) {
        this.types = new AggregateTypes(thresholds.keySet());
        this.thresholds = Map.copyOf(thresholds);
        this.snapshotter = snapshotter;
    }

    @Override
    public BiFunction<Integer, EventMessage<?>, EventMessage<?>> handle(List<? extends EventMessage<?>> messages) {
        return (index, message) -> {
            if (message instanceof DomainEventMessage<?> event && event.getAggregateIdentifier() != null) {
                Class<?> type = types.classOf(event.getType());
                if (type != null && (event.getSequenceNumber() + 1) % thresholds.get(type) == 0) {
                    snapshotter.scheduleSnapshot(type, event.getAggregateIdentifier());
                }
            }
            return message;
        };
    }
}
