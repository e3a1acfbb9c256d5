package dev.cairn.benchmarks.internal;

import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;

import java.util.ArrayList;
import java.util.List;

/**
 * Creates the domain events every contender stores: the same payloads, identifiers and sequence numbers.
 */
public final class BenchEvents {

    public static final String AGGREGATE_TYPE = "BenchOrder";

    private BenchEvents() {
    }

    /**
     * @return {@code count} consecutive events of {@code orderId} starting at {@code firstSequence}
     */
    public static List<DomainEventMessage<?>> commit(String orderId, long firstSequence, int count) {
        List<DomainEventMessage<?>> events = new ArrayList<>(count);
        for (long sequence = firstSequence; sequence < firstSequence + count; sequence++) {
            events.add(new GenericDomainEventMessage<>(AGGREGATE_TYPE, orderId, sequence,
                                                       ItemAdded.sample(orderId, sequence)));
        }
        return events;
    }
}
