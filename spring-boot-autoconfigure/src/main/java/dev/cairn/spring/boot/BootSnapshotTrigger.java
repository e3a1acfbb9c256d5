package dev.cairn.spring.boot;

import org.axonframework.config.Configuration;
import org.axonframework.eventsourcing.NoSnapshotTriggerDefinition;
import org.axonframework.eventsourcing.SnapshotTrigger;
import org.axonframework.eventsourcing.SnapshotTriggerDefinition;
import org.springframework.beans.factory.BeanFactory;

/**
 * The snapshot trigger of one {@code @Aggregate} bean: the definition Cairn's snapshots make for its threshold in the
 * application's snapshot policy ({@link BootSnapshots}), none when it has no threshold. Resolved when the repository
 * first asks, once Axon's configuration exists.
 */
final class BootSnapshotTrigger implements SnapshotTriggerDefinition {

    private final Class<?> aggregateType;
    private final BeanFactory beanFactory;
    private volatile SnapshotTriggerDefinition delegate;

    BootSnapshotTrigger(Class<?> aggregateType, BeanFactory beanFactory) {
        this.aggregateType = aggregateType;
        this.beanFactory = beanFactory;
    }

    @Override
    public SnapshotTrigger prepareTrigger(Class<?> type) {
        return delegate().prepareTrigger(type);
    }

    @Override
    public SnapshotTrigger reconfigure(Class<?> type, SnapshotTrigger trigger) {
        return delegate().reconfigure(type, trigger);
    }

    private SnapshotTriggerDefinition delegate() {
        SnapshotTriggerDefinition current = delegate;
        if (current == null) {
            BootSnapshots snapshots = beanFactory.getBeanProvider(BootSnapshots.class).getIfAvailable();
            current = snapshots == null ? NoSnapshotTriggerDefinition.INSTANCE
                    : snapshots.trigger(aggregateType, beanFactory.getBean(Configuration.class));
            delegate = current;
        }
        return current;
    }
}
