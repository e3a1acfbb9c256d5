package dev.cairn.processing.internal.streaming;

import org.axonframework.eventhandling.Segment;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.tokenstore.UnableToClaimTokenException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The segments a reader holds (ADR 93), each with its worker: claims up to the share, releases the surplus, and keeps
 * this node off a segment whose worker failed for a back-off of 1 s doubling to 60 s, as Axon's pooled processor does.
 * Used by the reader's thread only, except {@link #held()}, which status readers may call from any thread.
 */
final class SegmentClaims {

    private static final Logger logger = LoggerFactory.getLogger(SegmentClaims.class);
    private static final int MAX_BACKOFF_SECONDS = 60;

    private final Reader.Settings settings;
    private final Map<Integer, SegmentWorker> workers = new ConcurrentHashMap<>();
    private final Map<Integer, Long> blockedUntil = new ConcurrentHashMap<>();
    private final Map<Integer, Integer> backoffSeconds = new ConcurrentHashMap<>();
    private SegmentWorker[] routed = new SegmentWorker[0];

    SegmentClaims(Reader.Settings settings) {
        this.settings = settings;
    }

    /** @return the workers events are routed to */
    SegmentWorker[] routed() {
        return routed;
    }

    /** @return the workers of the segments held, at the time of the call */
    Collection<SegmentWorker> held() {
        return List.copyOf(workers.values());
    }

    boolean isEmpty() {
        return workers.isEmpty();
    }

    /**
     * Releases the segments beyond the share and claims available ones up to it.
     *
     * @return whether a segment was claimed: the reader must read again from the lowest token held
     */
    boolean manage(long now) {
        int max = settings.maxSegments().getAsInt();
        List<SegmentWorker> held = new ArrayList<>(workers.values());
        for (int surplus = held.size() - max; surplus > 0; surplus--) {
            release(held.get(held.size() - surplus), now + settings.claimInterval().toNanos());
        }
        if (workers.size() >= max) {
            return false;
        }
        boolean claimed = false;
        for (Segment segment : available()) {
            if (workers.size() >= max) {
                break;
            }
            if (!workers.containsKey(segment.getSegmentId()) && !blocked(segment.getSegmentId(), now)) {
                claimed |= claim(segment);
            }
        }
        return claimed;
    }

    /**
     * Lifts any release of {@code segment} and claims it, whatever the share.
     *
     * @return whether it was claimed now (it is not when already held or when another node holds it)
     */
    boolean claimNow(int segment) {
        blockedUntil.remove(segment);
        if (workers.containsKey(segment)) {
            return false;
        }
        for (Segment available : available()) {
            if (available.getSegmentId() == segment) {
                return claim(available);
            }
        }
        return false;
    }

    boolean holds(int segment) {
        return workers.containsKey(segment);
    }

    /** Releases the workers that failed, each kept from this node for its doubling back-off. */
    void dropFailed(long now) {
        for (SegmentWorker worker : routed) {
            int id = worker.segment().getSegmentId();
            if (worker.failed()) {
                int seconds = backoffSeconds.merge(id, 1, (was, one) -> Math.min(was * 2, MAX_BACKOFF_SECONDS));
                release(worker, now + TimeUnit.SECONDS.toNanos(seconds));
            } else if (worker.hasProcessedABatch()) {
                backoffSeconds.remove(id);
            }
        }
    }

    /** Keeps this node off {@code segment} for {@code duration}, releasing it if held. */
    void releaseFor(int segment, Duration duration) {
        long until = System.nanoTime() + duration.toNanos();
        SegmentWorker worker = workers.get(segment);
        if (worker != null) {
            release(worker, until);
        } else {
            blockedUntil.put(segment, until);
        }
    }

    /** Releases every segment held, as the reader stops. */
    void releaseAll() {
        new ArrayList<>(workers.values()).forEach(worker -> release(worker, 0));
    }

    private List<Segment> available() {
        return settings.transactionManager().fetchInTransaction(
                () -> settings.tokenStore().fetchAvailableSegments(settings.name()));
    }

    private boolean claim(Segment segment) {
        try {
            TrackingToken token = settings.transactionManager().fetchInTransaction(
                    () -> settings.tokenStore().fetchToken(settings.name(), segment));
            SegmentWorker worker = new SegmentWorker(settings.name(), segment, token, settings.tokenStore(),
                                                     settings.transactionManager(), settings.batchProcessor());
            workers.put(segment.getSegmentId(), worker);
            routed = workers.values().toArray(new SegmentWorker[0]);
            worker.start();
            return true;
        } catch (UnableToClaimTokenException e) {
            logger.debug("Processor [{}] could not claim segment {}", settings.name(), segment.getSegmentId(), e);
            return false;
        }
    }

    private boolean blocked(int segment, long now) {
        Long until = blockedUntil.get(segment);
        if (until != null && now - until >= 0) {
            blockedUntil.remove(segment);
            return false;
        }
        return until != null;
    }

    /** Stops the worker after its batch, releases its claim and keeps this node off it until {@code until}. */
    private void release(SegmentWorker worker, long until) {
        int id = worker.segment().getSegmentId();
        routed = workers.values().stream().filter(other -> other != worker).toArray(SegmentWorker[]::new);
        worker.stop();
        try {
            worker.awaitStopped(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            settings.transactionManager().executeInTransaction(
                    () -> settings.tokenStore().releaseClaim(settings.name(), id));
        } catch (RuntimeException e) {
            logger.debug("Processor [{}] could not release segment {}; its claim expires", settings.name(), id, e);
        }
        // its status stayed until the release, so a token store storing consumed tokens on release saw it
        workers.remove(id);
        settings.released().accept(worker.segment());
        if (until != 0) {
            blockedUntil.put(id, until);
        }
    }
}
