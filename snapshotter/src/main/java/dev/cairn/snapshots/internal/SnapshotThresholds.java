package dev.cairn.snapshots.internal;

import dev.cairn.aggregates.SnapshotPolicy;
import dev.cairn.snapshots.SnapshotEvery;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The one owner of the snapshotter's thresholds: decides the threshold of an aggregate class from the threshold set on
 * the snapshotter's builder, else the class's {@link SnapshotEvery}, else none (the class is not snapshotted). Each
 * class's annotation is read once, and every threshold passes {@link SnapshotPolicy#checked}.
 * <p>
 * With the entry point, what this decides is offered to the application, whose own {@code snapshotEvery} wins; on a
 * plain Axon configuration it is the policy itself ({@link #policyOf}).
 */
public final class SnapshotThresholds {

    private final Map<Class<?>, Integer> configured;
    private final Map<Class<?>, OptionalInt> annotated = new ConcurrentHashMap<>();

    /**
     * @param configured the thresholds set on the builder, by aggregate class, already checked
     */
    public SnapshotThresholds(Map<Class<?>, Integer> configured) {
        this.configured = Collections.unmodifiableMap(new LinkedHashMap<>(configured));
    }

    /**
     * @return the threshold of {@code aggregateType}, empty when it has none
     * @throws org.axonframework.common.AxonConfigurationException when its {@link SnapshotEvery} is not positive
     *                                                             (refused even where a builder threshold wins)
     */
    public OptionalInt of(Class<?> aggregateType) {
        OptionalInt fromAnnotation = annotated.computeIfAbsent(aggregateType, SnapshotThresholds::annotation);
        Integer set = configured.get(aggregateType);
        return set != null ? OptionalInt.of(set) : fromAnnotation;
    }

    /**
     * @return the aggregate classes with a threshold set on the builder
     */
    public Set<Class<?>> configuredTypes() {
        return configured.keySet();
    }

    /**
     * @return the policy of the given aggregate classes, each of which has a threshold
     */
    public SnapshotPolicy policyOf(Collection<Class<?>> aggregateTypes) {
        Map<Class<?>, Integer> policy = new LinkedHashMap<>();
        aggregateTypes.forEach(type -> policy.put(type, of(type).orElseThrow()));
        return new SnapshotPolicy(policy);
    }

    private static OptionalInt annotation(Class<?> aggregateType) {
        SnapshotEvery annotation = aggregateType.getAnnotation(SnapshotEvery.class);
        return annotation == null ? OptionalInt.empty()
                : OptionalInt.of(SnapshotPolicy.checked(aggregateType, annotation.value()));
    }
}
