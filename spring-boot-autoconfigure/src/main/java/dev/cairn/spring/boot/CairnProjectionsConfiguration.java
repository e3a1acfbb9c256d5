package dev.cairn.spring.boot;

import dev.cairn.projections.CairnProjections;
import org.axonframework.config.Configuration;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.messaging.annotation.ClasspathParameterResolverFactory;
import org.axonframework.messaging.annotation.ParameterResolverFactory;
import org.axonframework.serialization.Serializer;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Cairn projections in a Spring Boot application (ADR 80): every singleton bean with an event handler taking a
 * {@link dev.cairn.projections.ReadModel} becomes a projection of {@link CairnProjections}, named by its
 * {@code @ProcessingGroup} (or its class's simple name) as with the plain entry point, with the options of
 * {@code cairn.projections.<name>.*}. Axon's own registration of those beans is withdrawn ({@link ProjectionBeans});
 * the projections are wired through the same extension {@code Cairn.builder()} takes, so status, rebuilds, dead
 * letters and meters work as there.
 */
@org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
class CairnProjectionsConfiguration {

    /** Static: it must run before any bean is created. */
    @Bean
    static ProjectionBeans cairnProjectionBeans() {
        return new ProjectionBeans();
    }

    /**
     * The application's projections, for queries ({@code readModel(name)}), status, rebuilds and dead letters.
     *
     * @throws InvalidCairnPropertyException naming {@code cairn.projections.<name>} when it names no projection
     */
    @Bean
    @ConditionalOnMissingBean
    public CairnProjections cairnProjections(ConfigurableListableBeanFactory beanFactory, CairnProperties properties) {
        CairnProjections.Builder builder = CairnProjections.builder();
        Map<String, CairnProperties.Projection> options = properties.getProjections();
        Set<String> names = new TreeSet<>();
        for (String bean : ProjectionBeans.names(beanFactory)) {
            Object handler = beanFactory.getBean(bean);
            builder.projection(handler, defaults -> {
                CairnProperties.Projection own = options.get(CairnProjections.nameOf(handler));
                return own == null ? defaults : own.options();
            });
            names.add(CairnProjections.nameOf(handler));
        }
        for (String name : options.keySet()) {
            if (!names.contains(name)) {
                throw new InvalidCairnPropertyException(
                        "cairn.projections." + name, "no projection is named [" + name + "]; projections: " + names,
                        "Name a bean in a @ProcessingGroup whose event handlers take a ReadModel.");
            }
        }
        return builder.build();
    }

    /** Wires the projections into Axon's configuration as the plain entry point's extension does. */
    @Bean
    public ConfigurerModule cairnProjectionsConfigurer(CairnProjections projections, CairnMongo mongo,
                                                       Serializer serializer, CairnProperties properties,
                                                       ConfigurableListableBeanFactory beanFactory) {
        return configurer -> {
            if (projections.names().isEmpty()) {
                return;
            }
            projections.extension().configure(new BootCairnSetup(
                    configurer, applicationResolvers(beanFactory), mongo, serializer, properties.isIndexCreation(),
                    Set.of(), Map.of()));
        };
    }

    /** @return the parameter resolvers Axon's Spring support gives handlers (Spring beans among them) */
    static Function<Configuration, ParameterResolverFactory> applicationResolvers(
            ConfigurableListableBeanFactory beanFactory) {
        return c -> beanFactory.containsBean("parameterResolverFactory")
                ? beanFactory.getBean("parameterResolverFactory", ParameterResolverFactory.class)
                : ClasspathParameterResolverFactory.forClassLoader(beanFactory.getBeanClassLoader());
    }
}
