package dev.cairn.spring.boot;

import dev.cairn.aggregates.SnapshotPolicy;
import dev.cairn.aggregates.SnapshotTriggerFactory;
import org.axonframework.config.Configuration;
import org.axonframework.eventsourcing.NoSnapshotTriggerDefinition;
import org.axonframework.eventsourcing.SnapshotTriggerDefinition;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The snapshot policy of a Spring Boot application's {@code @Aggregate} beans and how their triggers are made, once
 * Cairn's snapshots were configured. Thresholds, most specific first: {@code cairn.snapshots.aggregates.<type>},
 * {@code @SnapshotEvery} on the class, {@code cairn.snapshots.every}.
 */
final class BootSnapshots {

    private volatile SnapshotPolicy policy = SnapshotPolicy.none();
    private volatile SnapshotTriggerFactory triggers;

    void configured(SnapshotPolicy policy, SnapshotTriggerFactory triggers) {
        this.policy = policy;
        this.triggers = triggers;
    }

    SnapshotPolicy policy() {
        return policy;
    }

    /** @return the trigger of {@code aggregateType}: none without a threshold */
    SnapshotTriggerDefinition trigger(Class<?> aggregateType, Configuration configuration) {
        SnapshotTriggerFactory factory = triggers;
        return policy.thresholdOf(aggregateType).stream()
                     .mapToObj(threshold -> factory == null ? null
                             : factory.create(aggregateType, threshold, configuration))
                     .filter(java.util.Objects::nonNull).findFirst()
                     .orElse(NoSnapshotTriggerDefinition.INSTANCE);
    }

    /**
     * @param byName thresholds by aggregate class simple name or fully qualified name
     *               ({@code cairn.snapshots.aggregates.*})
     * @return the thresholds by class
     * @throws InvalidCairnPropertyException naming the property when a name is no {@code @Aggregate} class
     */
    static Map<Class<?>, Integer> byType(Map<String, Integer> byName, Set<Class<?>> aggregateTypes) {
        Map<Class<?>, Integer> thresholds = new LinkedHashMap<>();
        byName.forEach((name, threshold) -> {
            Class<?> type = aggregateTypes.stream()
                                          .filter(t -> t.getName().equals(name) || t.getSimpleName().equals(name))
                                          .findFirst()
                                          .orElseThrow(() -> new InvalidCairnPropertyException(
                                                  "cairn.snapshots.aggregates." + name,
                                                  "no @Aggregate class is named [" + name + "]; aggregates: "
                                                          + names(aggregateTypes),
                                                  "Use an aggregate class's simple or fully qualified name."));
            if (threshold == null || threshold < 1) {
                throw new InvalidCairnPropertyException("cairn.snapshots.aggregates." + name,
                                                        "the threshold must be positive, not " + threshold,
                                                        "Set a number of events of at least 1.");
            }
            thresholds.put(type, threshold);
        });
        return thresholds;
    }

    private static Set<String> names(Set<Class<?>> types) {
        Set<String> names = new TreeSet<>();
        types.forEach(type -> names.add(type.getSimpleName()));
        return names;
    }
}
