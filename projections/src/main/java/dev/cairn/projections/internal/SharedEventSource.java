package dev.cairn.projections.internal;

import dev.cairn.processing.NotifyingEventSource;
import org.axonframework.config.Configuration;

/**
 * The one event stream the projections' processors (and blue/green builds) of an application read, opened when the
 * first processor is built and closed once they all stopped.
 */
final class SharedEventSource {

    private NotifyingEventSource source;

    synchronized NotifyingEventSource get(Configuration configuration) {
        if (source == null) {
            source = NotifyingEventSource.on(configuration.eventStore());
        }
        return source;
    }

    synchronized void close() {
        if (source != null) {
            source.close();
        }
    }
}
