package dev.cairn.spring.boot;

import com.mongodb.client.MongoDatabase;
import dev.cairn.aggregates.CairnSetup;
import dev.cairn.aggregates.SnapshotPolicy;
import dev.cairn.aggregates.SnapshotTriggerFactory;
import dev.cairn.eventstore.mongo.MongoEventStorageEngine;
import org.axonframework.common.AxonConfigurationException;
import org.axonframework.config.Configuration;
import org.axonframework.config.Configurer;
import org.axonframework.messaging.annotation.MultiParameterResolverFactory;
import org.axonframework.messaging.annotation.ParameterResolverFactory;
import org.axonframework.serialization.Serializer;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * What Cairn's extensions (projections, snapshots) see of a Spring Boot application: Axon's Spring configurer, the
 * database and serializer of the auto-configuration, the {@code @Aggregate} classes and their snapshot thresholds,
 * so that the Boot application wires them exactly as {@code Cairn.builder()} does.
 * <p>
 * One difference to the plain entry point: an extension that registers a {@link ParameterResolverFactory} (the
 * projections do, for {@code ReadModel} parameters) gets it combined with the application's, so that handlers keep
 * receiving Spring beans as parameters.
 */
final class BootCairnSetup implements CairnSetup {

    private final Configurer configurer;
    private final CairnMongo mongo;
    private final Serializer serializer;
    private final boolean indexCreation;
    private final Set<Class<?>> aggregateTypes;
    private final Map<Class<?>, Integer> thresholds;
    private SnapshotTriggerFactory triggers;

    /**
     * @param applicationResolvers the application's parameter resolvers (Spring beans among them), asked after the
     *                             extensions' own
     * @param thresholds           the thresholds set by properties, which win over those extensions add
     */
    BootCairnSetup(Configurer configurer, Function<Configuration, ParameterResolverFactory> applicationResolvers,
                   CairnMongo mongo, Serializer serializer, boolean indexCreation, Set<Class<?>> aggregateTypes,
                   Map<Class<?>, Integer> thresholds) {
        this.configurer = combiningParameterResolvers(configurer, applicationResolvers);
        this.mongo = mongo;
        this.serializer = serializer;
        this.indexCreation = indexCreation;
        this.aggregateTypes = Collections.unmodifiableSet(new LinkedHashSet<>(aggregateTypes));
        this.thresholds = new LinkedHashMap<>(thresholds);
    }

    @Override
    public Configurer configurer() {
        return configurer;
    }

    @Override
    public MongoDatabase database() {
        return mongo.database();
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
        return Collections.unmodifiableMap(thresholds);
    }

    @Override
    public void snapshotThreshold(Class<?> aggregateType, int threshold) {
        if (!aggregateTypes.contains(aggregateType)) {
            throw new AxonConfigurationException("Aggregate class [" + aggregateType.getName() + "] is not an "
                                                         + "@Aggregate bean of this application");
        }
        thresholds.putIfAbsent(aggregateType, SnapshotPolicy.checked(aggregateType, threshold));
    }

    /**
     * The engine is a bean built from its own settings; the only customization Cairn's extensions make here, the
     * snapshot filter of outdated revisions, reaches it through Axon's aggregate configuration instead.
     */
    @Override
    public void eventStorage(Consumer<MongoEventStorageEngine.Builder> customization) {
        // deliberately not applied: see the javadoc
    }

    @Override
    public void snapshotTriggers(SnapshotTriggerFactory factory) {
        this.triggers = factory;
    }

    /** @return the snapshot trigger factory an extension set, if any */
    SnapshotTriggerFactory triggers() {
        return triggers;
    }

    /** @return the thresholds in force once the extensions ran */
    SnapshotPolicy policy() {
        return new SnapshotPolicy(thresholds);
    }

    /**
     * @return {@code configurer}, except that a {@link ParameterResolverFactory} component registered through it is
     * asked first and the application's next
     */
    private static Configurer combiningParameterResolvers(
            Configurer configurer, Function<Configuration, ParameterResolverFactory> applicationResolvers) {
        return (Configurer) Proxy.newProxyInstance(
                Configurer.class.getClassLoader(), new Class<?>[]{Configurer.class}, (proxy, method, args) -> {
                    Object[] arguments = args;
                    if (method.getName().equals("registerComponent") && args.length == 2
                            && args[0] == ParameterResolverFactory.class) {
                        @SuppressWarnings("unchecked")
                        Function<Configuration, ParameterResolverFactory> own =
                                (Function<Configuration, ParameterResolverFactory>) args[1];
                        arguments = new Object[]{ParameterResolverFactory.class,
                                (Function<Configuration, ParameterResolverFactory>) c ->
                                        MultiParameterResolverFactory.ordered(own.apply(c),
                                                                              applicationResolvers.apply(c))};
                    }
                    try {
                        Object result = method.invoke(configurer, arguments);
                        return result == configurer ? proxy : result;
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
