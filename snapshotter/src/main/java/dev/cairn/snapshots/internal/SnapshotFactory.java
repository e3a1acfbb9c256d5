package dev.cairn.snapshots.internal;

import org.axonframework.config.AggregateConfiguration;
import org.axonframework.config.Configuration;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.AggregateFactory;
import org.axonframework.eventsourcing.AggregateSnapshotter;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;

import java.util.ArrayList;
import java.util.List;

/**
 * Builds a snapshot of one aggregate from its event stream with Axon's own {@link AggregateSnapshotter} logic; Cairn
 * never lets Axon schedule with it, only borrows {@link #createSnapshot}.
 */
public final class SnapshotFactory extends AggregateSnapshotter {

    private SnapshotFactory(Builder builder) {
        super(builder);
    }

    /**
     * @return a factory knowing every aggregate registered on the configuration
     */
    public static SnapshotFactory from(Configuration configuration) {
        List<AggregateConfiguration<?>> aggregates = new ArrayList<>();
        for (AggregateConfiguration<?> aggregate : configuration.findModules(AggregateConfiguration.class)) {
            aggregates.add(aggregate);
        }
        if (aggregates.isEmpty()) {
            throw new IllegalStateException("No aggregate is registered on the Axon configuration, so there is "
                                                    + "nothing to snapshot");
        }
        List<AggregateFactory<?>> factories = new ArrayList<>();
        aggregates.forEach(aggregate -> factories.add(aggregate.aggregateFactory()));
        Builder builder = AggregateSnapshotter.builder()
                                              .eventStore(configuration.eventStore())
                                              .aggregateFactories(factories)
                                              .repositoryProvider(configuration::repository)
                                              .parameterResolverFactory(configuration.parameterResolverFactory())
                                              .handlerDefinition(configuration.handlerDefinition(
                                                      aggregates.get(0).aggregateType()));
        return new SnapshotFactory(builder);
    }

    /**
     * @return the snapshot after the last event of {@code eventStream}, or {@code null} when the aggregate is deleted
     */
    public DomainEventMessage<?> snapshotOf(Class<?> aggregateType, String aggregateIdentifier,
                                            DomainEventStream eventStream) {
        return createSnapshot(aggregateType, aggregateIdentifier, eventStream);
    }
}
