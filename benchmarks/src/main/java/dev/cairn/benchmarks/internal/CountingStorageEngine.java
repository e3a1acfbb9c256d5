package dev.cairn.benchmarks.internal;

import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Passes everything to another engine and counts the domain events its aggregate streams hand out, which is the
 * number of events an aggregate load fetched after its snapshot.
 */
public final class CountingStorageEngine implements EventStorageEngine {

    private final EventStorageEngine delegate;
    private final AtomicLong domainEventsRead = new AtomicLong();

    public CountingStorageEngine(EventStorageEngine delegate) {
        this.delegate = delegate;
    }

    /**
     * @return the domain events read since the last call, resetting the count
     */
    public long takeDomainEventsRead() {
        return domainEventsRead.getAndSet(0);
    }

    @Override
    public DomainEventStream readEvents(String aggregateIdentifier, long firstSequenceNumber) {
        DomainEventStream events = delegate.readEvents(aggregateIdentifier, firstSequenceNumber);
        Stream<? extends DomainEventMessage<?>> counted =
                events.asStream().peek(event -> domainEventsRead.incrementAndGet());
        return DomainEventStream.of(counted, events::getLastSequenceNumber);
    }

    @Override
    public void appendEvents(List<? extends EventMessage<?>> events) {
        delegate.appendEvents(events);
    }

    @Override
    public void storeSnapshot(DomainEventMessage<?> snapshot) {
        delegate.storeSnapshot(snapshot);
    }

    @Override
    public Stream<? extends TrackedEventMessage<?>> readEvents(TrackingToken trackingToken, boolean mayBlock) {
        return delegate.readEvents(trackingToken, mayBlock);
    }

    @Override
    public Optional<DomainEventMessage<?>> readSnapshot(String aggregateIdentifier) {
        return delegate.readSnapshot(aggregateIdentifier);
    }

    @Override
    public Optional<Long> lastSequenceNumberFor(String aggregateIdentifier) {
        return delegate.lastSequenceNumberFor(aggregateIdentifier);
    }

    @Override
    public TrackingToken createTailToken() {
        return delegate.createTailToken();
    }

    @Override
    public TrackingToken createHeadToken() {
        return delegate.createHeadToken();
    }

    @Override
    public TrackingToken createTokenAt(Instant dateTime) {
        return delegate.createTokenAt(dateTime);
    }
}
