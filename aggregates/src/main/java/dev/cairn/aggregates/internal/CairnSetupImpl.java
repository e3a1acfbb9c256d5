package dev.cairn.aggregates.internal;

import com.mongodb.client.MongoDatabase;
import dev.cairn.aggregates.CairnSetup;
import dev.cairn.aggregates.SnapshotPolicy;
import dev.cairn.aggregates.SnapshotTriggerFactory;
import dev.cairn.eventstore.mongo.MongoEventStorageEngine;
import org.axonframework.config.Configurer;
import org.axonframework.serialization.Serializer;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import static org.axonframework.common.BuilderUtils.assertNonNull;
import static org.axonframework.common.BuilderUtils.assertThat;

/**
 * The {@link CairnSetup} handed to extensions while an application starts. Internal to Cairn.
 */
public final class CairnSetupImpl implements CairnSetup {

    private final Configurer configurer;
    private final MongoDatabase database;
    private final Serializer serializer;
    private final Set<Class<?>> aggregateTypes;
    private final Map<Class<?>, Integer> snapshotThresholds;
    private final List<Consumer<MongoEventStorageEngine.Builder>> storageCustomizations = new ArrayList<>();
    private final boolean indexCreation;
    private volatile SnapshotTriggerFactory snapshotTriggerFactory;

    public CairnSetupImpl(Configurer configurer, MongoDatabase database, Serializer serializer,
                          Set<Class<?>> aggregateTypes, Map<Class<?>, Integer> snapshotThresholds,
                          SnapshotTriggerFactory defaultFactory, boolean indexCreation) {
        this.configurer = configurer;
        this.indexCreation = indexCreation;
        this.database = database;
        this.serializer = serializer;
        this.aggregateTypes = Collections.unmodifiableSet(new LinkedHashSet<>(aggregateTypes));
        this.snapshotThresholds = new ConcurrentHashMap<>(snapshotThresholds);
        this.snapshotTriggerFactory = defaultFactory;
    }

    @Override
    public Configurer configurer() {
        return configurer;
    }

    @Override
    public MongoDatabase database() {
        return database;
    }

    @Override
    public Serializer serializer() {
        return serializer;
    }

    @Override
    public boolean indexCreation() {
        return indexCreation;
    }

    @Override
    public Set<Class<?>> aggregateTypes() {
        return aggregateTypes;
    }

    @Override
    public Map<Class<?>, Integer> snapshotThresholds() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(snapshotThresholds));
    }

    @Override
    public void snapshotThreshold(Class<?> aggregateType, int threshold) {
        assertNonNull(aggregateType, "The aggregate class of a snapshot threshold may not be null");
        assertThat(aggregateType, aggregateTypes::contains, "Cannot set a snapshot threshold for "
                + aggregateType.getName() + ": it is not an aggregate of this application");
        snapshotThresholds.putIfAbsent(aggregateType, SnapshotPolicy.checked(aggregateType, threshold));
    }

    @Override
    public void eventStorage(Consumer<MongoEventStorageEngine.Builder> customization) {
        assertNonNull(customization, "The event storage customization may not be null");
        storageCustomizations.add(customization);
    }

    /**
     * @return the thresholds collected from the builder and the extensions, resolved into the application's policy;
     * called once, after every extension has configured the application
     */
    public SnapshotPolicy resolveSnapshotPolicy() {
        return new SnapshotPolicy(snapshotThresholds);
    }

    /**
     * @return the engine customizations extensions added, in order
     */
    public List<Consumer<MongoEventStorageEngine.Builder>> storageCustomizations() {
        return List.copyOf(storageCustomizations);
    }

    @Override
    public void snapshotTriggers(SnapshotTriggerFactory factory) {
        assertNonNull(factory, "The snapshot trigger factory may not be null");
        this.snapshotTriggerFactory = factory;
    }

    /**
     * @return the factory in force: the last one an extension set, else Cairn's default
     */
    public SnapshotTriggerFactory snapshotTriggerFactory() {
        return snapshotTriggerFactory;
    }
}
