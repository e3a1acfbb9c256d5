package dev.cairn.projections.internal;

import dev.cairn.eventstore.mongo.MongoEventStorageEngine;
import dev.cairn.processing.NotifyingEventSource;
import org.axonframework.config.Configuration;

/**
 * The one event stream the projections' processors (and blue/green builds) of an application read, opened when the
 * first processor is built and closed once they all stopped; woken by this node's commits and, through the engine's
 * commit doorbell, by other nodes' (ADR 83).
 */
final class SharedEventSource {

    private NotifyingEventSource source;

    synchronized NotifyingEventSource get(Configuration configuration) {
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
