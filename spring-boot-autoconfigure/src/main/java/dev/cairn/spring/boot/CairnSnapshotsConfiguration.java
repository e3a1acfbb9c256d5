package dev.cairn.spring.boot;

import dev.cairn.snapshots.CairnSnapshots;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.serialization.Serializer;
import org.axonframework.spring.stereotype.Aggregate;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.cairn.aggregates.SnapshotPolicy;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Snapshots of {@code @Aggregate} beans (ADR 80), wired through the same extension {@code Cairn.builder()} takes
 * ({@link CairnSnapshots}): asynchronous snapshots by Cairn's snapshotter every N events. N per aggregate class, most
 * specific first: {@code cairn.snapshots.aggregates.<type>}, {@link dev.cairn.snapshots.SnapshotEvery} on the
 * class, {@code cairn.snapshots.every}; without any, the aggregate is not snapshotted. An aggregate whose
 * {@code @Aggregate(snapshotTriggerDefinition = ...)} names a trigger keeps it.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(name = "dev.cairn.snapshots.CairnSnapshots")
class CairnSnapshotsConfiguration {

    /** Static: it must run before any bean is created. */
    @Bean
    static SnapshotTriggerBeans cairnSnapshotTriggerBeans() {
        return new SnapshotTriggerBeans();
    }

    /** The application's snapshots: the snapshotter's metrics and housekeeping. */
    @Bean
    @ConditionalOnMissingBean
    public CairnSnapshots cairnSnapshots() {
        return CairnSnapshots.builder().build();
    }

    @Bean
    BootSnapshots cairnSnapshotPolicy() {
        return new BootSnapshots();
    }

    @Bean
    public ConfigurerModule cairnSnapshotsConfigurer(CairnSnapshots snapshots, BootSnapshots policy, CairnMongo mongo,
                                                     Serializer serializer, CairnProperties properties,
                                                     ConfigurableListableBeanFactory beanFactory) {
        return configurer -> {
            Set<Class<?>> types = aggregateTypes(beanFactory);
            CairnProperties.Snapshots settings = properties.getSnapshots();
            BootCairnSetup setup = new BootCairnSetup(
                    configurer, CairnProjectionsConfiguration.applicationResolvers(beanFactory), mongo, serializer,
                    properties.isIndexCreation(), types, BootSnapshots.byType(settings.getAggregates(), types));
            snapshots.extension().configure(setup);
            if (settings.getEvery() != null && settings.getEvery() < 1) {
                throw new InvalidCairnPropertyException("cairn.snapshots.every", "the threshold must be positive, "
                        + "not " + settings.getEvery(), "Set a number of events of at least 1, or leave it unset.");
            }
            if (settings.getEvery() != null) {
                types.forEach(type -> setup.snapshotThreshold(type, settings.getEvery()));
            }
            SnapshotPolicy resolved = setup.policy();
            policy.configured(resolved, setup.triggers());
            // the application's policy replaces the one the extension registered, as the entry point does
            configurer.registerComponent(SnapshotPolicy.class, c -> resolved);
        };
    }

    private static Set<Class<?>> aggregateTypes(ConfigurableListableBeanFactory beanFactory) {
        Set<Class<?>> types = new LinkedHashSet<>();
        for (String name : beanFactory.getBeanNamesForAnnotation(Aggregate.class)) {
            Class<?> type = beanFactory.getType(name, false);
            if (type != null) {
                types.add(type);
            }
        }
        return types;
    }
}
