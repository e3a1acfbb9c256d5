package dev.cairn.projections.internal;

import dev.cairn.processing.ProcessorNames;
import dev.cairn.projections.internal.versions.ProjectionVersions;
import dev.cairn.projections.internal.versions.VersionWatcher;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * This node following the live versions of its projections (ADR 42): when a blue/green rebuild switched one, its
 * processor finishes its batch on the old version, is pinned to the new one, and runs on.
 */
final class VersionFollowing {

    private static final Logger logger = LoggerFactory.getLogger(VersionFollowing.class);

    private final List<String> projections;
    private final VersionWatcher watcher;
    private final Function<String, Optional<StreamingEventProcessor>> processors;

    /**
     * Pins every projection to its live version, as read now.
     *
     * @param processors the processor of a projection in this process, once the application started
     */
    VersionFollowing(ProjectionVersions versions, Collection<String> projections,
                     Function<String, Optional<StreamingEventProcessor>> processors) {
        this.projections = List.copyOf(projections);
        this.watcher = new VersionWatcher(versions, this.projections);
        this.processors = processors;
        watcher.load();
    }

    VersionWatcher watcher() {
        return watcher;
    }

    /** Starts following switches. */
    void start() {
        watcher.start(this::follow);
    }

    /** Stops following switches. */
    void close() {
        watcher.close();
    }

    /** @return the processor running {@code versionedName} (a version's processor name) in this process */
    Optional<StreamingEventProcessor> processorOfVersion(String versionedName) {
        String name = ProcessorNames.baseName(versionedName);
        return !projections.contains(name) || !watcher.processorName(name).equals(versionedName) ? Optional.empty()
                : processors.apply(name);
    }

    private void follow(String name, int version) {
        Optional<StreamingEventProcessor> processor = processors.apply(name);
        boolean running = processor.map(StreamingEventProcessor::isRunning).orElse(false);
        if (running) {
            processor.get().shutDown();
        }
        watcher.pin(name, version);
        if (running) {
            processor.get().start();
        }
        logger.info("Projection [{}] now runs version {}", name, version);
    }
}
