package dev.cairn.snapshots.internal;

import org.axonframework.common.annotation.AnnotationUtils;
import org.axonframework.modelling.command.AggregateRoot;
import org.axonframework.serialization.Revision;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * What snapshots record about an aggregate class: its Axon type name (the {@code aggregateType} field) and its
 * {@code @Revision} (the {@code payloadRevision} field, written by Jackson's {@code AnnotationRevisionResolver}).
 */
public final class AggregateTypes {

    private final Map<String, Class<?>> byName = new HashMap<>();
    private final Map<Class<?>, String> names = new HashMap<>();

    public AggregateTypes(Collection<Class<?>> types) {
        for (Class<?> type : types) {
            String name = typeName(type);
            Class<?> previous = byName.put(name, type);
            if (previous != null && previous != type) {
                throw new IllegalArgumentException("Aggregate classes [" + previous.getName() + "] and ["
                                                           + type.getName() + "] share the aggregate type name ["
                                                           + name + "]");
            }
            names.put(type, name);
        }
    }

    /**
     * @return the type name Axon stores with the aggregate's events and snapshots: the {@code type} of its
     * {@code @AggregateRoot} (or Spring's {@code @Aggregate}), else its simple name, as Axon's aggregate model names
     * it. Read from the annotation rather than by inspecting the aggregate, whose handlers may take parameters only
     * the application's configuration resolves.
     */
    public static String typeName(Class<?> type) {
        return AnnotationUtils.findAnnotationAttributes(type, AggregateRoot.class)
                              .map(attributes -> (String) attributes.get("type"))
                              .filter(name -> !name.isEmpty())
                              .orElse(type.getSimpleName());
    }

    /**
     * @return the {@code @Revision} of the class, {@code null} without one
     */
    public static String revision(Class<?> type) {
        return (String) AnnotationUtils.findAnnotationAttribute(type, Revision.class, "revision").orElse(null);
    }

    public Class<?> classOf(String typeName) {
        return byName.get(typeName);
    }

    public String nameOf(Class<?> type) {
        String name = names.get(type);
        if (name == null) {
            throw new IllegalArgumentException("Aggregate class [" + type.getName()
                                                       + "] is not known to the snapshotter");
        }
        return name;
    }

    public Collection<Class<?>> classes() {
        return names.keySet();
    }
}
