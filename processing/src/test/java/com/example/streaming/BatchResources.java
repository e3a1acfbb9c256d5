package com.example.streaming;

import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A handler that notes, for each move, what its unit of work says about the batch: the resources Axon's streaming
 * processors put there ({@code Processor[name]/SegmentId} and {@code Processor[name]/Token}).
 */
public final class BatchResources {

    /** What the unit of work held while {@code moved}, at {@code token}, was handled. */
    public record Seen(Moves.Moved moved, TrackingToken token, Object segmentId, Object batchToken) {
    }

    private final String processor;
    private final List<Seen> seen = new CopyOnWriteArrayList<>();

    public BatchResources(String processor) {
        this.processor = processor;
    }

    @EventHandler
    public void on(Moves.Moved moved, TrackingToken token) {
        var resources = CurrentUnitOfWork.get().root().resources();
        seen.add(new Seen(moved, token, resources.get("Processor[" + processor + "]/SegmentId"),
                          resources.get("Processor[" + processor + "]/Token")));
    }

    public List<Seen> seen() {
        return List.copyOf(seen);
    }
}
