package dev.cairn.projections.internal;

import dev.cairn.eventstore.mongo.MongoEventStorageEngine;
import dev.cairn.processing.NotifyingEventSource;
import dev.cairn.projections.SourceHeads;
import org.axonframework.config.Configuration;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.messaging.StreamableMessageSource;

/**
 * The one event stream the projections' processors (and blue/green builds) of an application read, opened when the
 * first processor is built and closed once they all stopped; woken by this node's commits and, through the engine's
 * commit doorbell, by other nodes' (ADR 83). Given a source of its own ({@code CairnProjections.Builder#eventSource},
 * for example every tenant's streams, ADR 85), the projections read that one instead; its owner closes it.
 */
final class SharedEventSource {

    private final StreamableMessageSource<TrackedEventMessage<?>> given;
    private NotifyingEventSource source;

    SharedEventSource(StreamableMessageSource<TrackedEventMessage<?>> given) {
        this.given = given;
    }

    /** @return whether the projections read a source given to them instead of the application's event store */
    boolean given() {
        return given != null;
    }

    /** @return the given source when it is made of parts measured on their own heads, else {@code null} */
    SourceHeads parts() {
        return given instanceof SourceHeads heads ? heads : null;
    }

    synchronized StreamableMessageSource<TrackedEventMessage<?>> get(Configuration configuration) {
        if (given != null) {
            return given;
        }
        if (source == null) {
            // other nodes' commits wake the processors through the engine's commit doorbell (ADR 83)
            MongoEventStorageEngine engine = configuration.getComponent(MongoEventStorageEngine.class);
            source = engine == null ? NotifyingEventSource.on(configuration.eventStore())
                    : NotifyingEventSource.on(configuration.eventStore(), engine.commitDoorbell());
        }
        return source;
    }

    synchronized void close() {
        if (source != null) {
            source.close();
        }
    }
}
