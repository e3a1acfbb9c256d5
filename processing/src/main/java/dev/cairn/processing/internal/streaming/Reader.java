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
import org.axonframework.messaging.StreamableMessageSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
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
 * The reading thread of a Cairn streaming processor (ADR 93): holds segments up to the share ({@link SegmentClaims}),
 * reads one stream from the lowest token held, routes each event of a payload type a handler takes to the one segment
 * its sequence identifier falls in (every segment's consumed token moves with every event), and hands whole batches to
 * the segments' workers. Requests from other threads (claim or release a segment) run on this thread between steps.
 */
public final class Reader implements Runnable {

    private static final Logger logger = LoggerFactory.getLogger(Reader.class);
    private static final long FIRST_BACKOFF_MILLIS = 500;
    private static final long MAX_BACKOFF_MILLIS = TimeUnit.MINUTES.toMillis(1);

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
    private final SegmentClaims claims;
    private final ConcurrentLinkedQueue<Runnable> requests = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<CompletableFuture<Boolean>> pendingClaims = new ConcurrentLinkedQueue<>();
    private volatile boolean running = true;
    private volatile boolean idle;
    private final Semaphore wake = new Semaphore(0);
    private final Map<Class<?>, Boolean> handledTypes = new ConcurrentHashMap<>();
    private BlockingStream<TrackedEventMessage<?>> stream;
    private TrackingToken previousToken;
    private long nextClaimCheck;
    private long lastExtension = System.nanoTime();

    public Reader(Settings settings) {
        this.settings = settings;
        this.claims = new SegmentClaims(settings);
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
                    backoff = Math.min(backoff * 2, MAX_BACKOFF_MILLIS);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            closeStream();
            claims.releaseAll();
            pendingClaims.forEach(claim -> claim.complete(false)); // asked for while stopping: not claimed
        }
    }

    private void step() throws InterruptedException {
        for (Runnable request = requests.poll(); request != null; request = requests.poll()) {
            request.run();
        }
        long now = System.nanoTime();
        claims.dropFailed(now);
        if (now - nextClaimCheck >= 0) {
            if (claims.manage(now)) {
                closeStream(); // reopened at the lowest token held, so the new segment misses nothing
            }
            nextClaimCheck = now + settings.claimInterval().toNanos();
        }
        if (claims.isEmpty()) {
            closeStream();
            Thread.sleep(Math.min(50, settings.claimInterval().toMillis()));
            return;
        }
        if (now - lastExtension >= settings.claimExtension().toNanos()) {
            claims.held().forEach(SegmentWorker::extendClaim);
            lastExtension = now;
        }
        BlockingStream<TrackedEventMessage<?>> events = openStream();
        wake.drainPermits(); // a commit announced from here on wakes the wait below
        if (events.hasNextAvailable()) {
            idle = false;
            int limit = settings.batchSize() * claims.routed().length;
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
        for (SegmentWorker worker : claims.routed()) {
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
        for (SegmentWorker worker : claims.routed()) {
            worker.flush();
        }
    }

    private BlockingStream<TrackedEventMessage<?>> openStream() {
        if (stream == null) {
            TrackingToken lowest = null;
            boolean first = true;
            for (SegmentWorker worker : claims.routed()) {
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

    /** Keeps this node off {@code segment} for {@code duration}, releasing it at the next step if held. */
    public void releaseSegment(int segment, Duration duration) {
        requests.add(() -> claims.releaseFor(segment, duration));
    }

    /**
     * Lifts any release of {@code segment} and tries to claim it at the next step, whatever the share (as Axon's
     * {@code claimSegment} does); {@code claimed} completes with whether this node holds it then.
     */
    public void claimSegment(int segment, CompletableFuture<Boolean> claimed) {
        pendingClaims.add(claimed);
        requests.add(() -> {
            try {
                if (claims.claimNow(segment)) {
                    closeStream(); // reopened at the lowest token held
                }
                claimed.complete(claims.holds(segment));
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
        for (SegmentWorker worker : claims.held()) {
            TrackerStatus segment = worker.status(idle);
            status.put(worker.segment().getSegmentId(), segment);
        }
        return status;
    }
}
