package dev.cairn.aggregates;

import org.axonframework.config.Configuration;
import org.axonframework.eventsourcing.SnapshotTriggerDefinition;

/**
 * Makes the snapshot trigger of one aggregate type.
 */
@FunctionalInterface
public interface SnapshotTriggerFactory {

    /**
     * @param aggregateType the aggregate class
     * @param threshold     snapshot after this many events (from {@code snapshotEvery} or an extension's own source)
     * @param configuration the started Axon configuration
     * @return the trigger definition for the aggregate's repository
     */
    SnapshotTriggerDefinition create(Class<?> aggregateType, int threshold, Configuration configuration);
}
