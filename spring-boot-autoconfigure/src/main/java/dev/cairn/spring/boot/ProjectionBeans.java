package dev.cairn.spring.boot;

import dev.cairn.projections.ReadModel;
import org.axonframework.common.ReflectionUtils;
import org.axonframework.common.annotation.AnnotationUtils;
import org.axonframework.messaging.annotation.MessageHandler;
import org.axonframework.eventhandling.EventMessage;
import org.springframework.beans.BeansException;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.config.ConstructorArgumentValues;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Finds the beans that are Cairn projections: singletons with an event handler taking a {@link ReadModel}. As a
 * bean factory post-processor it takes them out of the event handlers Axon's Spring support registers itself
 * ({@code MessageHandlerConfigurer$$Axon$$EVENT}, listed by Axon's {@code MessageHandlerLookup} before this runs), so
 * that each is registered once, by {@code CairnProjections}, in its own processor.
 */
final class ProjectionBeans implements BeanFactoryPostProcessor {

    /** The bean Axon's {@code MessageHandlerLookup} registers with the names of the event handler beans. */
    static final String AXON_EVENT_HANDLERS = "MessageHandlerConfigurer$$Axon$$EVENT";

    @Override
    public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) throws BeansException {
        if (!beanFactory.containsBeanDefinition(AXON_EVENT_HANDLERS)) {
            return;
        }
        List<String> projections = names(beanFactory);
        if (projections.isEmpty()) {
            return;
        }
        BeanDefinition handlers = beanFactory.getBeanDefinition(AXON_EVENT_HANDLERS);
        ConstructorArgumentValues.ValueHolder beans =
                handlers.getConstructorArgumentValues().getIndexedArgumentValue(1, List.class);
        if (beans != null && beans.getValue() instanceof List<?> names) {
            List<Object> rest = new ArrayList<>(names);
            rest.removeAll(projections);
            beans.setValue(rest);
        }
    }

    /** @return the names of the singleton beans with an event handler taking a {@link ReadModel}, in definition order */
    static List<String> names(ConfigurableListableBeanFactory beanFactory) {
        List<String> found = new ArrayList<>();
        for (String name : beanFactory.getBeanDefinitionNames()) {
            BeanDefinition definition = beanFactory.getBeanDefinition(name);
            if (definition.isSingleton() && !definition.isAbstract()) {
                Class<?> type = beanFactory.getType(name, false);
                if (type != null && isProjection(type)) {
                    found.add(name);
                }
            }
        }
        return found;
    }

    /** @return whether {@code type} has an event handler with a {@link ReadModel} parameter */
    static boolean isProjection(Class<?> type) {
        for (Method method : ReflectionUtils.methodsOf(type)) {
            boolean eventHandler = AnnotationUtils.findAnnotationAttributes(method, MessageHandler.class)
                                                  .map(attributes -> EventMessage.class.isAssignableFrom(
                                                          (Class<?>) attributes.get("messageType")))
                                                  .orElse(false);
            if (eventHandler && Arrays.asList(method.getParameterTypes()).contains(ReadModel.class)) {
                return true;
            }
        }
        return false;
    }
}
