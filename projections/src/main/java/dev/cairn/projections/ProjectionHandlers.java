package dev.cairn.projections;

import dev.cairn.projections.internal.handlers.ReadModelParameterResolverFactory;
import dev.cairn.projections.internal.handlers.ReadModelReset;
import dev.cairn.projections.internal.readmodel.TokenBarrier;
import dev.cairn.projections.internal.readmodel.WriteBatch;
import org.axonframework.eventhandling.AnnotationEventHandlerAdapter;
import org.axonframework.eventhandling.EventMessageHandler;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.messaging.annotation.ClasspathParameterResolverFactory;
import org.axonframework.messaging.annotation.MultiParameterResolverFactory;

import java.util.Map;
import java.util.function.BiConsumer;

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
     * Registers {@code action} (once per {@code key}) to run in the current unit of work just before the projection's
     * processor stores the batch's token, with that token and the segment: for a write outside MongoDB that must be
     * durable before the token says the batch happened (a relay's Kafka transaction). A failing action fails the
     * batch, which the processor then retries, and no token is stored. Without a token write (dead-letter processing)
     * it runs when the unit of work prepares its commit, with a {@code null} token and segment {@code -1}; outside a
     * unit of work, at once.
     */
    public static void beforeTokenStored(String key, BiConsumer<TrackingToken, Integer> action) {
        TokenBarrier.register(key, action);
    }

    /**
     * @return the adapter of Cairn's reset handler of a projection: its reset empties the owned collections
     */
    public static EventMessageHandler resetAdapter(ReadModel readModel) {
        return new AnnotationEventHandlerAdapter(new ReadModelReset(readModel));
    }
}
