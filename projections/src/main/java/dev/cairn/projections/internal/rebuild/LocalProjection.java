package dev.cairn.projections.internal.rebuild;

import dev.cairn.projections.internal.handlers.Projection;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.messaging.StreamableMessageSource;
import org.axonframework.messaging.annotation.ParameterResolverFactory;

/**
 * What a rebuild needs from the application running a projection in this process.
 *
 * @param projection       the projection as registered (name, handler, options)
 * @param processor        its Axon processor
 * @param eventSource      the stream the application's processors read (a blue/green build reads it too)
 * @param parameters       parameter resolution of the application (components as handler parameters)
 * @param clearDeadLetters empties the projection's dead-letter queue (an in-place rebuild replays those events)
 */
public record LocalProjection(Projection projection, StreamingEventProcessor processor,
                              StreamableMessageSource<TrackedEventMessage<?>> eventSource,
                              ParameterResolverFactory parameters, Runnable clearDeadLetters) {

    /** @return the projection's name */
    public String name() {
        return projection.name();
    }
}
