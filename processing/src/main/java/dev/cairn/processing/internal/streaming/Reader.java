package dev.cairn.processing.internal.streaming;

import org.axonframework.common.stream.BlockingStream;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.Segment;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackerStatus;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.WrappedToken;
import org.axonframework.eventhandling.async.SequencingPolicy;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.UnableToClaimTokenException;
import org.axonframework.messaging.StreamableMessageSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.IntSupplier;

/**
 * The reading thread of a Cairn streaming processor (ADR 93): claims segments up to the share, reads one stream from
 * the lowest token held, routes each event of a payload type a handler takes to the one segment its sequence
 * identifier falls in (every segment's
 * consumed token moves with every event), and hands whole batches to the segments' workers. A worker that failed is
 * released and its segment kept from this node for a back-off of 1 s doubling to 60 s, as Axon's pooled processor does.
 */
public final class Reader implements Runnable {

    private static final Logger logger = LoggerFactory.getLogger(Reader.class);
    private static final int MAX_BACKOFF_SECONDS = 60;
    private static final long FIRST_BACKOFF_MILLIS = 500;

    /** Whether any of the processor's handlers takes a payload type (the processor's {@code canHandleType}). */
    @FunctionalInterface
    public interface Routing {
        boolean canHandleType(Class<?> payloadType);
    }

    /** What the reader is given; every field required. */
    public record Settings(String name, StreamableMessageSource<TrackedEventMessage<?>> source, TokenStore tokenStore,
                           TransactionManager transactionManager,
                           SequencingPolicy<? super TrackedEventMessage<?>> policy,
                           IntSupplier maxSegments, int batchSize, Duration claimInterval,
                           Duration claimExtension, Routing routing, SegmentWorker.BatchProcessor batchProcessor,
                           Consumer<Segment> released) {
    }

    private final Settings settings;
    private final Map<Integer, SegmentWorker> workers = new ConcurrentHashMap<>();
    private final Map<Integer, Long> blockedUntil = new ConcurrentHashMap<>();
    private final Map<Integer, Integer> backoffSeconds = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<Runnable> requests = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<CompletableFuture<Boolean>> pendingClaims = new ConcurrentLinkedQueue<>();
    private volatile boolean running = true;
    private volatile boolean idle;
    private final Semaphore wake = new Semaphore(0);
    private final Map<Class<?>, Boolean> handledTypes = new ConcurrentHashMap<>();
    private SegmentWorker[] routed = new SegmentWorker[0];
    private BlockingStream<TrackedEventMessage<?>> stream;
    private TrackingToken previousToken;
    private long nextClaimCheck;
    private long lastExtension = System.nanoTime();

    public Reader(Settings settings) {
        this.settings = settings;
    }

    @Override
    public void run() {
        long backoff = FIRST_BACKOFF_MILLIS;
        try {
            while (running) {
                try {
                    step();
                    backoff = FIRST_BACKOFF_MILLIS;
                } catch (RuntimeException e) {
                    // the store or the token store refused: read again from the segments' tokens after a pause
                    logger.warn("Processor [{}] could not read or claim; trying again in {} ms", settings.name(),
                                backoff, e);
                    closeStream();
                    Thread.sleep(backoff);
                    backoff = Math.min(backoff * 2, TimeUnit.SECONDS.toMillis(MAX_BACKOFF_SECONDS));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            closeStream();
            new ArrayList<>(workers.values()).forEach(worker -> release(worker, 0));
            pendingClaims.forEach(claim -> claim.complete(false)); // asked for while stopping: not claimed
        }
    }

    private void step() throws InterruptedException {
        for (Runnable request = requests.poll(); request != null; request = requests.poll()) {
            request.run();
        }
        long now = System.nanoTime();
        dropFailed(now);
        if (now - nextClaimCheck >= 0) {
            manageClaims(now);
            nextClaimCheck = now + settings.claimInterval().toNanos();
        }
        if (workers.isEmpty()) {
            closeStream();
            Thread.sleep(Math.min(50, settings.claimInterval().toMillis()));
            return;
        }
        if (now - lastExtension >= settings.claimExtension().toNanos()) {
            workers.values().forEach(SegmentWorker::extendClaim);
            lastExtension = now;
        }
        BlockingStream<TrackedEventMessage<?>> events = openStream();
        wake.drainPermits(); // a commit announced from here on wakes the wait below
        if (events.hasNextAvailable()) {
            idle = false;
            int limit = settings.batchSize() * routed.length;
            int read = 0;
            do {
                route(events.nextAvailable());
                read++;
            } while ((read < limit || nextIsSameStoredEvent(events)) && events.hasNextAvailable());
            if (!events.hasNextAvailable()) {
                flush();
            }
        } else {
            flush();
            idle = true;
            // woken by a commit; else back by the next claim extension or claim round
            wake.tryAcquire(Math.min(settings.claimExtension().toMillis(), settings.claimInterval().toMillis()),
                            TimeUnit.MILLISECONDS);
        }
    }

    private void route(TrackedEventMessage<?> event) throws InterruptedException {
        Object id = settings.policy().getSequenceIdentifierFor(event);
        int hash = Objects.hashCode(id != null ? id : event.getIdentifier());
        // an upcaster may turn one stored event into several with the same token: they go where the first went
        boolean sameStoredEvent = event.trackingToken().equals(previousToken);
        previousToken = event.trackingToken();
        for (SegmentWorker worker : routed) {
            if (!sameStoredEvent) {
                TrackingToken before = worker.consumed();
                worker.skipping = before != null && before.covers(event.trackingToken());
            }
            if (worker.skipping) {
                continue; // the segment joined ahead of the stream
            }
            if (!sameStoredEvent) {
                worker.handOffIfFull(settings.batchSize());
            }
            TrackingToken token = worker.advance(event);
            if (worker.segment().matches(hash) && handled(event)) {
                worker.add(token == event.trackingToken() ? event : event.withTrackingToken(token));
            }
        }
    }

    /** @return whether the next event was made from the same stored event as the last (an upcaster's group) */
    private boolean nextIsSameStoredEvent(BlockingStream<TrackedEventMessage<?>> events) {
        return events.peek().map(next -> next.trackingToken().equals(previousToken)).orElse(false);
    }

    /**
     * Only the payload type is checked here, once per type: the invoker checks each event again when it handles it,
     * on the segment's worker (whether a handler's parameters match it, whether it takes replays), so the one
     * reading thread does not pay for it.
     */
    private boolean handled(TrackedEventMessage<?> event) {
        return handledTypes.computeIfAbsent(event.getPayloadType(), settings.routing()::canHandleType);
    }

    private void flush() throws InterruptedException {
        for (SegmentWorker worker : routed) {
            worker.flush();
        }
    }

    private BlockingStream<TrackedEventMessage<?>> openStream() {
        if (stream == null) {
            TrackingToken lowest = null;
            boolean first = true;
            for (SegmentWorker worker : routed) {
                TrackingToken token = WrappedToken.unwrapLowerBound(worker.consumed());
                lowest = first ? token : lowest == null || token == null ? null : lowest.lowerBound(token);
                first = false;
            }
            stream = settings.source().openStream(lowest);
            stream.setOnAvailableCallback(wake::release); // commits here or, by the doorbell, on other nodes
        }
        return stream;
    }

    private void closeStream() {
        previousToken = null;
        if (stream != null) {
            stream.close();
            stream = null;
        }
    }

    private void manageClaims(long now) {
        int max = settings.maxSegments().getAsInt();
        List<SegmentWorker> held = new ArrayList<>(workers.values());
        for (int surplus = held.size() - max; surplus > 0; surplus--) {
            release(held.get(held.size() - surplus), now + settings.claimInterval().toNanos());
        }
        if (workers.size() >= max) {
            return;
        }
        boolean claimed = false;
        for (Segment segment : settings.transactionManager().fetchInTransaction(
                () -> settings.tokenStore().fetchAvailableSegments(settings.name()))) {
            if (workers.size() >= max) {
                break;
            }
            if (!workers.containsKey(segment.getSegmentId()) && !blocked(segment.getSegmentId(), now)) {
                claimed |= claim(segment);
            }
        }
        if (claimed) {
            closeStream(); // reopened at the lowest token held, so the new segment misses nothing
        }
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

    private void dropFailed(long now) {
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

    /** Keeps this node off {@code segment} for {@code duration}, releasing it at the next step if held. */
    public void releaseSegment(int segment, Duration duration) {
        requests.add(() -> {
            long until = System.nanoTime() + duration.toNanos();
            SegmentWorker worker = workers.get(segment);
            if (worker != null) {
                release(worker, until);
            } else {
                blockedUntil.put(segment, until);
            }
        });
    }

    /**
     * Lifts any release of {@code segment} and tries to claim it at the next step, whatever the share (as Axon's
     * {@code claimSegment} does); {@code claimed} completes with whether this node holds it then.
     */
    public void claimSegment(int segment, CompletableFuture<Boolean> claimed) {
        pendingClaims.add(claimed);
        requests.add(() -> {
            try {
                blockedUntil.remove(segment);
                boolean taken = workers.containsKey(segment);
                for (Segment available : taken ? List.<Segment>of() : settings.transactionManager().fetchInTransaction(
                        () -> settings.tokenStore().fetchAvailableSegments(settings.name()))) {
                    if (available.getSegmentId() == segment && claim(available)) {
                        taken = true;
                        closeStream(); // reopened at the lowest token held
                    }
                }
                claimed.complete(taken);
            } catch (RuntimeException e) {
                claimed.completeExceptionally(e);
            } finally {
                pendingClaims.remove(claimed);
            }
        });
    }

    /** Asks the thread to stop: workers finish their batch and release their claims. */
    public void stop() {
        running = false;
    }

    /** @return every held segment's status */
    public Map<Integer, org.axonframework.eventhandling.EventTrackerStatus> status() {
        Map<Integer, org.axonframework.eventhandling.EventTrackerStatus> status = new java.util.TreeMap<>();
        for (SegmentWorker worker : workers.values()) {
            TrackerStatus segment = worker.status(idle);
            status.put(worker.segment().getSegmentId(), segment);
        }
        return status;
    }
}
