package com.example.testing.evolution;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A projection that notes, per stored position, the units of work (batches) its deposits and fees were handled in.
 */
@ProcessingGroup("batches-seen")
public class BatchesSeen {

    private final Map<Long, List<Object>> batchesByPosition = new ConcurrentHashMap<>();

    @EventHandler
    void on(Deposited event, TrackingToken token) {
        seen(token);
    }

    @EventHandler
    void on(FeeCharged event, TrackingToken token) {
        seen(token);
    }

    private void seen(TrackingToken token) {
        batchesByPosition.computeIfAbsent(token.position().orElseThrow(), position -> new CopyOnWriteArrayList<>())
                         .add(CurrentUnitOfWork.get().root());
    }

    /** @return the units of work of the events handled at {@code position}, one entry per event */
    public List<Object> batchesAt(long position) {
        return List.copyOf(batchesByPosition.getOrDefault(position, List.of()));
    }

    /** @return the positions at which more than one event was handled */
    public Set<Long> sharedPositions() {
        Set<Long> shared = new java.util.TreeSet<>();
        batchesByPosition.forEach((position, batches) -> {
            if (batches.size() > 1) {
                shared.add(position);
            }
        });
        return shared;
    }
}
