package dev.cairn.spring.boot;

import org.axonframework.eventsourcing.SnapshotTriggerDefinition;
import org.axonframework.spring.config.SpringAggregateConfigurer;
import org.springframework.beans.BeansException;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.BeanDefinitionBuilder;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;

/**
 * Gives every {@code @Aggregate} bean whose annotation names no {@code snapshotTriggerDefinition} Cairn's trigger
 * ({@link BootSnapshotTrigger}): Axon's Spring support registers one {@link SpringAggregateConfigurer} per aggregate
 * (its {@code SpringAggregateLookup} runs before this), and reads the trigger from the bean its property names.
 */
final class SnapshotTriggerBeans implements BeanFactoryPostProcessor {

    private static final String PROPERTY = "snapshotTriggerDefinition";

    @Override
    public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) throws BeansException {
        if (!(beanFactory instanceof BeanDefinitionRegistry registry)) {
            return;
        }
        for (String name : beanFactory.getBeanDefinitionNames()) {
            BeanDefinition definition = beanFactory.getBeanDefinition(name);
            if (!SpringAggregateConfigurer.class.getName().equals(definition.getBeanClassName())
                    || definition.getPropertyValues().contains(PROPERTY)) {
                continue;
            }
            var argument = definition.getConstructorArgumentValues().getIndexedArgumentValue(0, Class.class);
            if (argument != null && argument.getValue() instanceof Class<?> aggregateType) {
                String trigger = "cairnSnapshotTrigger$" + aggregateType.getName();
                registry.registerBeanDefinition(trigger, BeanDefinitionBuilder
                        .genericBeanDefinition(SnapshotTriggerDefinition.class,
                                               () -> new BootSnapshotTrigger(aggregateType, beanFactory))
                        .getBeanDefinition());
                definition.getPropertyValues().add(PROPERTY, trigger);
            }
        }
    }
}
