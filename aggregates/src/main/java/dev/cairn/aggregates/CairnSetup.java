package dev.cairn.aggregates;

import com.mongodb.client.MongoDatabase;
import dev.cairn.eventstore.mongo.MongoEventStorageEngine;
import org.axonframework.config.Configurer;
import org.axonframework.serialization.Serializer;

import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

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
     * @return whether the components an extension builds create their indexes at start-up ({@code true}, the default)
     * or only check them and fail naming a missing one ({@code false}); the builder's {@code indexCreation} option,
     * which extensions pass to every component they build
     */
    boolean indexCreation();

    /**
     * @return the aggregate classes registered with the builder
     */
    Set<Class<?>> aggregateTypes();

    /**
     * @return the snapshot thresholds in force, by aggregate class: those set with {@code snapshotEvery(type, n)}
     * and those extensions added with {@link #snapshotThreshold(Class, int)}
     */
    Map<Class<?>, Integer> snapshotThresholds();

    /**
     * Snapshots {@code aggregateType} every {@code threshold} events unless {@code snapshotEvery} already set a
     * threshold for it (the builder wins over extensions, for example over an annotation an extension reads).
     *
     * @throws org.axonframework.common.AxonConfigurationException naming the class when it is not a registered
     *                                                             aggregate or the threshold is not positive
     */
    void snapshotThreshold(Class<?> aggregateType, int threshold);

    /**
     * Adds a customization of the event storage engine, applied after Cairn's own settings and the builder's
     * {@code eventStorage(...)} customizations when the engine is built (a snapshot filter, for example).
     */
    void eventStorage(Consumer<MongoEventStorageEngine.Builder> customization);

    /**
     * Replaces how snapshot triggers are made for aggregates that have a threshold. The default triggers a snapshot
     * through Axon's {@code EventCountSnapshotTriggerDefinition} after the threshold is reached.
     */
    void snapshotTriggers(SnapshotTriggerFactory factory);
}
