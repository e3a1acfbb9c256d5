package dev.cairn.aggregates.internal;

import com.mongodb.client.MongoDatabase;
import dev.cairn.aggregates.CairnSetup;
import dev.cairn.aggregates.SnapshotTriggerFactory;
import org.axonframework.config.Configurer;
import org.axonframework.serialization.Serializer;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The {@link CairnSetup} handed to extensions while an application starts. Internal to Cairn.
 */
public final class CairnSetupImpl implements CairnSetup {

    private final Configurer configurer;
    private final MongoDatabase database;
    private final Serializer serializer;
    private final Set<Class<?>> aggregateTypes;
    private final Map<Class<?>, Integer> snapshotThresholds;
    private volatile SnapshotTriggerFactory snapshotTriggerFactory;

    public CairnSetupImpl(Configurer configurer, MongoDatabase database, Serializer serializer,
                          Set<Class<?>> aggregateTypes, Map<Class<?>, Integer> snapshotThresholds,
                          SnapshotTriggerFactory defaultFactory) {
        this.configurer = configurer;
        this.database = database;
        this.serializer = serializer;
        this.aggregateTypes = Collections.unmodifiableSet(new LinkedHashSet<>(aggregateTypes));
        this.snapshotThresholds = Collections.unmodifiableMap(new LinkedHashMap<>(snapshotThresholds));
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
    public Set<Class<?>> aggregateTypes() {
        return aggregateTypes;
    }

    @Override
    public Map<Class<?>, Integer> snapshotThresholds() {
        return snapshotThresholds;
    }

    @Override
    public void snapshotTriggers(SnapshotTriggerFactory factory) {
        this.snapshotTriggerFactory = Objects.requireNonNull(factory, "The snapshot trigger factory may not be null");
    }

    /**
     * @return the factory in force: the last one an extension set, else Cairn's default
     */
    public SnapshotTriggerFactory snapshotTriggerFactory() {
        return snapshotTriggerFactory;
    }
}
