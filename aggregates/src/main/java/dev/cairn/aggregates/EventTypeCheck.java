package dev.cairn.aggregates;

import org.axonframework.common.annotation.AnnotationUtils;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.messaging.Message;
import org.axonframework.modelling.command.AggregateMember;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Checks that event types are immutable: a Java record, or a class whose instance fields (inherited ones included)
 * are all {@code final}. Deep immutability of field values is not checked.
 * <p>
 * {@link Cairn.Builder#start()} runs it on every event type its aggregates source; the Cairn test fixture runs it on
 * every event an aggregate emits.
 */
public final class EventTypeCheck {

    /**
     * One offending field of an event type.
     *
     * @param eventType      the event class
     * @param field          the field that is not final
     * @param declaringClass the class declaring the field (the event class or a superclass)
     * @param sourcedBy      the aggregate class whose handler sources the event, or {@code null} when unknown
     */
    public record Violation(Class<?> eventType, String field, Class<?> declaringClass, Class<?> sourcedBy) {

        public Violation {
            Objects.requireNonNull(eventType, "eventType");
            Objects.requireNonNull(field, "field");
            Objects.requireNonNull(declaringClass, "declaringClass");
        }

        /**
         * @return e.g. {@code com.shop.OrderPlaced: field 'lines' is not final (sourced by com.shop.Order)}
         */
        public String describe() {
            return eventType.getName() + ": field '" + field + "' is not final"
                    + (declaringClass != eventType ? " (declared in " + declaringClass.getName() + ")" : "")
                    + (sourcedBy != null ? " (sourced by " + sourcedBy.getName() + ")" : "");
        }
    }

    private EventTypeCheck() {
    }

    /**
     * @throws MutableEventTypeException listing every offending event class and field of all the aggregates
     */
    public static void requireImmutableEvents(Collection<Class<?>> aggregateTypes) {
        List<Violation> violations = new ArrayList<>();
        Set<Class<?>> seen = new LinkedHashSet<>();
        for (Class<?> aggregate : aggregateTypes) {
            for (Class<?> eventType : sourcedEventTypes(aggregate)) {
                if (seen.add(eventType)) {
                    violations.addAll(violations(eventType, aggregate));
                }
            }
        }
        if (!violations.isEmpty()) {
            throw new MutableEventTypeException(violations);
        }
    }

    /**
     * @return the payload types of every {@code @EventSourcingHandler} of the aggregate, its superclasses and its
     * {@code @AggregateMember} entities
     */
    public static Set<Class<?>> sourcedEventTypes(Class<?> aggregateType) {
        Map<Class<?>, Boolean> visited = new LinkedHashMap<>();
        Set<Class<?>> eventTypes = new LinkedHashSet<>();
        collect(aggregateType, visited, eventTypes);
        return eventTypes;
    }

    /**
     * @param eventType an event class
     * @param sourcedBy the aggregate sourcing it, for the message; may be {@code null}
     * @return the fields that make the type mutable; empty for records, JDK types and immutable classes
     */
    public static List<Violation> violations(Class<?> eventType, Class<?> sourcedBy) {
        List<Violation> violations = new ArrayList<>();
        if (eventType.isRecord() || eventType.isInterface() || eventType.isPrimitive() || eventType.isEnum()
                || isPlatformClass(eventType)) {
            return violations;
        }
        for (Class<?> type = eventType; type != null && type != Object.class; type = type.getSuperclass()) {
            for (Field field : type.getDeclaredFields()) {
                int modifiers = field.getModifiers();
                if (!Modifier.isStatic(modifiers) && !Modifier.isFinal(modifiers) && !field.isSynthetic()) {
                    violations.add(new Violation(eventType, field.getName(), type, sourcedBy));
                }
            }
        }
        return violations;
    }

    private static void collect(Class<?> entityType, Map<Class<?>, Boolean> visited, Set<Class<?>> eventTypes) {
        if (entityType == null || visited.put(entityType, Boolean.TRUE) != null) {
            return;
        }
        for (Class<?> type = entityType; type != null && type != Object.class; type = type.getSuperclass()) {
            for (Method method : type.getDeclaredMethods()) {
                if (AnnotationUtils.isAnnotationPresent(method, EventSourcingHandler.class)) {
                    Class<?> payloadType = payloadType(method);
                    if (payloadType != null) {
                        eventTypes.add(payloadType);
                    }
                }
            }
            for (Field field : type.getDeclaredFields()) {
                if (AnnotationUtils.isAnnotationPresent(field, AggregateMember.class)) {
                    collect(entityClass(field), visited, eventTypes);
                }
            }
        }
    }

    private static Class<?> payloadType(Method method) {
        Object declared = AnnotationUtils.findAnnotationAttributes(method, EventSourcingHandler.class)
                                         .map(attributes -> attributes.get("payloadType"))
                                         .orElse(Object.class);
        if (declared instanceof Class<?> type && type != Object.class) {
            return type;
        }
        if (method.getParameterCount() == 0) {
            return null;
        }
        Class<?> first = method.getParameterTypes()[0];
        return Message.class.isAssignableFrom(first) || first == Object.class ? null : first;
    }

    private static Class<?> entityClass(Field field) {
        Object declared = AnnotationUtils.findAnnotationAttributes(field, AggregateMember.class)
                                         .map(attributes -> attributes.get("type"))
                                         .orElse(Void.class);
        if (declared instanceof Class<?> type && type != Void.class) {
            return type;
        }
        Class<?> raw = field.getType();
        if (Collection.class.isAssignableFrom(raw)) {
            return typeArgument(field.getGenericType(), 0);
        }
        if (Map.class.isAssignableFrom(raw)) {
            return typeArgument(field.getGenericType(), 1);
        }
        return raw;
    }

    private static Class<?> typeArgument(Type generic, int index) {
        if (generic instanceof ParameterizedType parameterized
                && parameterized.getActualTypeArguments().length > index
                && parameterized.getActualTypeArguments()[index] instanceof Class<?> argument) {
            return argument;
        }
        return null;
    }

    private static boolean isPlatformClass(Class<?> type) {
        String name = type.getName();
        return type.getClassLoader() == null || name.startsWith("java.") || name.startsWith("javax.");
    }
}
