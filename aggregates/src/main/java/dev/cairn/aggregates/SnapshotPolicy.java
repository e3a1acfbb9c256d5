package dev.cairn.aggregates;

import org.axonframework.common.AxonConfigurationException;

import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;

import static org.axonframework.common.BuilderUtils.assertNonNull;
import static org.axonframework.common.BuilderUtils.assertThat;

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
        assertNonNull(thresholds, "The thresholds of a snapshot policy may not be null");
        thresholds.forEach((type, threshold) -> {
            assertNonNull(type, "An aggregate class of the snapshot policy may not be null");
            assertNonNull(threshold, "The snapshot threshold of aggregate class [" + type.getName()
                    + "] may not be null");
            checked(type, threshold);
        });
        thresholds = Map.copyOf(thresholds);
    }

    /**
     * The one check of a snapshot threshold, wherever one is given: the entry point's {@code snapshotEvery}, an
     * extension's {@link CairnSetup#snapshotThreshold}, the snapshotter's builder and {@code @SnapshotEvery}, and this
     * policy.
     *
     * @return {@code threshold}
     * @throws AxonConfigurationException naming the aggregate class when the threshold is not positive
     */
    public static int checked(Class<?> aggregateType, int threshold) {
        assertThat(threshold, n -> n > 0, "The snapshot threshold of aggregate class [" + aggregateType.getName()
                + "] must be positive, not " + threshold);
        return threshold;
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
}
