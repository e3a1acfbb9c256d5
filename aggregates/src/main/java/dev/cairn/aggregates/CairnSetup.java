package dev.cairn.aggregates;

import com.mongodb.client.MongoDatabase;
import org.axonframework.config.Configurer;
import org.axonframework.serialization.Serializer;

import java.util.Map;
import java.util.Set;

/**
 * What a {@link CairnExtension} sees of an application being started.
 */
public interface CairnSetup {

    /**
     * @return Axon's configurer, for registering processors, components and lifecycle handlers
     */
    Configurer configurer();

    /**
     * @return the database holding the event store
     */
    MongoDatabase database();

    /**
     * @return the serializer used for events, snapshots and tokens
     */
    Serializer serializer();

    /**
     * @return the aggregate classes registered with the builder
     */
    Set<Class<?>> aggregateTypes();

    /**
     * @return the snapshot thresholds set with {@code snapshotEvery(type, n)}, by aggregate class
     */
    Map<Class<?>, Integer> snapshotThresholds();

    /**
     * Replaces how snapshot triggers are made for aggregates that have a threshold. The default triggers a snapshot
     * through Axon's {@code EventCountSnapshotTriggerDefinition} after the threshold is reached.
     */
    void snapshotTriggers(SnapshotTriggerFactory factory);
}
