package dev.cairn.projections;

import dev.cairn.projections.internal.handlers.ReadModelParameterResolverFactory;
import dev.cairn.projections.internal.handlers.ReadModelReset;
import dev.cairn.projections.internal.readmodel.WriteBatch;
import org.axonframework.eventhandling.AnnotationEventHandlerAdapter;
import org.axonframework.eventhandling.EventMessageHandler;
import org.axonframework.messaging.annotation.ClasspathParameterResolverFactory;
import org.axonframework.messaging.annotation.MultiParameterResolverFactory;

import java.util.Map;

/**
 * A projection's handlers outside a processor, as Axon invokes them: for test fixtures and tools that feed events to
 * a projection directly.
 */
public final class ProjectionHandlers {

    private ProjectionHandlers() {
    }

    /**
     * @return Axon's adapter around {@code projection}, resolving its {@link ReadModel} parameters to {@code readModel}
     */
    public static EventMessageHandler adapter(Object projection, ReadModel readModel) {
        return new AnnotationEventHandlerAdapter(projection, MultiParameterResolverFactory.ordered(
                ClasspathParameterResolverFactory.forClass(projection.getClass()),
                new ReadModelParameterResolverFactory(Map.of(projection.getClass(), readModel))));
    }

    /**
     * Sends the read-model writes the current unit of work has batched, as a processor's token store does before it
     * stores a token; for fixtures and tools that drive handlers in their own units of work.
     */
    public static void flushWrites() {
        WriteBatch.flushCurrent();
    }

    /**
     * @return the adapter of Cairn's reset handler of a projection: its reset empties the owned collections
     */
    public static EventMessageHandler resetAdapter(ReadModel readModel) {
        return new AnnotationEventHandlerAdapter(new ReadModelReset(readModel));
    }
}
