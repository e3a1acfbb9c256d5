package dev.cairn.aggregates;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.Set;

/**
 * The snapshot thresholds of an application, resolved once while it starts and read-only afterwards: the trigger of
 * each aggregate, the snapshotter, the background snapshotter and housekeeping all read this one policy.
 * <p>
 * A started application has it as an Axon component: {@code configuration.getComponent(SnapshotPolicy.class)}. The
 * entry point's {@code snapshotEvery(type, n)} wins over thresholds extensions add (for example from
 * {@code @SnapshotEvery} or a snapshotter builder).
 *
 * @param thresholds snapshot after this many events, by aggregate class; classes without one are not snapshotted
 */
public record SnapshotPolicy(Map<Class<?>, Integer> thresholds) {

    public SnapshotPolicy {
        Objects.requireNonNull(thresholds, "thresholds");
        thresholds.forEach((type, threshold) -> {
            Objects.requireNonNull(type, "An aggregate class of the snapshot policy may not be null");
            if (threshold == null || threshold < 1) {
                throw new IllegalArgumentException("The snapshot threshold of " + type.getName()
                                                           + " must be positive, not " + threshold);
            }
        });
        thresholds = Map.copyOf(thresholds);
    }

    /**
     * @return a policy that snapshots nothing
     */
    public static SnapshotPolicy none() {
        return new SnapshotPolicy(Map.of());
    }

    /**
     * @return the threshold of {@code aggregateType}, empty when it is not snapshotted
     */
    public OptionalInt thresholdOf(Class<?> aggregateType) {
        Integer threshold = thresholds.get(aggregateType);
        return threshold == null ? OptionalInt.empty() : OptionalInt.of(threshold);
    }

    /**
     * @return the aggregate classes that are snapshotted
     */
    public Set<Class<?>> snapshottedTypes() {
        return thresholds.keySet();
    }

    /**
     * @return this policy with {@code thresholds} added for the classes it has no threshold for yet
     */
    public SnapshotPolicy withDefaults(Map<Class<?>, Integer> defaults) {
        Map<Class<?>, Integer> merged = new LinkedHashMap<>(defaults);
        merged.putAll(thresholds);
        return new SnapshotPolicy(merged);
    }
}
