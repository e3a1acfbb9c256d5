package dev.cairn.projections.internal.handlers;

import dev.cairn.projections.ProjectionOptions;
import org.axonframework.config.ProcessingGroup;

/**
 * A projection as registered: its name, handler object and options.
 */
public record Projection(String name, Object handler, ProjectionOptions options) {

    /** @return the projection name of a handler: its {@code @ProcessingGroup}, or its class's simple name */
    public static String nameOf(Object handler) {
        ProcessingGroup group = handler.getClass().getAnnotation(ProcessingGroup.class);
        return group != null ? group.value() : handler.getClass().getSimpleName();
    }
}
