package dev.cairn.projections.internal;

import dev.cairn.projections.internal.storage.ControlDocuments;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Makes the tracking processors of projections over a source of their own (every tenant's streams, ADR 85) follow
 * pauses as Cairn's streaming processors do: their fair share drops to zero while their projection is paused, but
 * Axon's tracking processor asks no share, so this node stops it when it reads the pause and starts it again when it
 * reads the resume. Only a processor it stopped is started again: one stopped by a rebuild or by hand stays stopped.
 */
final class PauseFollowing {

    private static final Logger logger = LoggerFactory.getLogger(PauseFollowing.class);

    private final ControlDocuments control;
    private final List<String> projections;
    private final Function<String, Optional<StreamingEventProcessor>> processors;
    private final long everyMillis;
    private final Set<String> stoppedHere = ConcurrentHashMap.newKeySet();
    private ScheduledExecutorService scheduler;

    /**
     * @param processors  the processor of a projection in this process
     * @param everyMillis how often the control documents are read: a pause stops the processor within it
     */
    PauseFollowing(ControlDocuments control, Collection<String> projections,
                   Function<String, Optional<StreamingEventProcessor>> processors, long everyMillis) {
        this.control = control;
        this.projections = List.copyOf(projections);
        this.processors = processors;
        this.everyMillis = everyMillis;
    }

    /** Follows the pauses from now on; a projection paused already is stopped at once. */
    synchronized void start() {
        if (projections.isEmpty() || scheduler != null) {
            return;
        }
        follow();
        scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "cairn-projection-pauses");
            thread.setDaemon(true);
            return thread;
        });
        scheduler.scheduleWithFixedDelay(this::follow, everyMillis, everyMillis, TimeUnit.MILLISECONDS);
    }

    /** Stops following; the processors are left as they are (the application stops them). */
    synchronized void close() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            scheduler = null;
        }
    }

    private void follow() {
        for (String name : projections) {
            try {
                follow(name);
            } catch (RuntimeException e) {
                // the database did not answer: the processor stays as it is until the next read
                logger.warn("Reading whether projection [{}] is paused failed: {}", name, e.getMessage());
            }
        }
    }

    private void follow(String name) {
        Optional<StreamingEventProcessor> found = processors.apply(name);
        if (found.isEmpty()) {
            return;
        }
        StreamingEventProcessor processor = found.get();
        if (control.paused(name)) {
            if (processor.isRunning()) {
                stoppedHere.add(name);
                processor.shutDown(); // releases its segments, its tokens are kept
                logger.info("Projection [{}] paused: its processor stopped on this node", name);
            }
        } else if (stoppedHere.remove(name) && !processor.isRunning()) {
            processor.start();
            logger.info("Projection [{}] resumed: its processor started on this node", name);
        }
    }
}
