package dev.cairn.processing.internal.streaming;

import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.Segment;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackerStatus;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.messaging.unitofwork.UnitOfWork;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The worker of one claimed segment (ADR 93): takes the batches the reader routed to its segment, in order, and runs
 * each in a unit of work whose prepare-commit stores the batch's token; a batch with no event of its own only moves the
 * segment's consumed token, which is stored with the next claim extension. A failing batch stops the worker; the
 * reader then releases the segment.
 * <p>
 * The fields marked "reader" are used by the reader's thread only; the rest is read across threads.
 */
public final class SegmentWorker implements Runnable {

    /** Batches waiting per segment before the reader waits for the worker. */
    static final int QUEUED_BATCHES = 4;

    /** How a batch is processed: the processor's {@code processInUnitOfWork} for this segment. */
    @FunctionalInterface
    public interface BatchProcessor {
        void process(List<TrackedEventMessage<?>> events, UnitOfWork<TrackedEventMessage<?>> unitOfWork,
                     Segment segment) throws Exception;
    }

    private record Work(List<TrackedEventMessage<?>> events, TrackingToken token, boolean extend) {
    }

    private final String processor;
    private final Segment segment;
    private final TokenStore tokenStore;
    private final TransactionManager transactionManager;
    private final BatchProcessor batchProcessor;
    private final BlockingQueue<Work> queue = new ArrayBlockingQueue<>(QUEUED_BATCHES);
    private final Thread thread;

    // reader
    boolean skipping;
    private TrackingToken consumed;
    private TrackingToken handedOff;
    private List<TrackedEventMessage<?>> pending = new ArrayList<>();

    // worker, read by others
    private volatile TrackingToken acknowledged;
    private volatile TrackingToken stored;
    private volatile Exception error;
    private volatile boolean stopping;
    private volatile boolean done;
    private volatile boolean processedABatch;

    SegmentWorker(String processor, Segment segment, TrackingToken token, TokenStore tokenStore,
                  TransactionManager transactionManager, BatchProcessor batchProcessor) {
        this.processor = processor;
        this.segment = segment;
        this.tokenStore = tokenStore;
        this.transactionManager = transactionManager;
        this.batchProcessor = batchProcessor;
        this.consumed = token;
        this.handedOff = token;
        this.acknowledged = token;
        this.stored = token;
        this.thread = new Thread(this, "CairnProcessor[" + processor + "]-" + segment.getSegmentId());
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    Segment segment() {
        return segment;
    }

    /** @return the reader's position for this segment: every event up to it was routed */
    TrackingToken consumed() {
        return consumed;
    }

    /** Reader: the segment has seen {@code event} (its own or another segment's); returns the event's token here. */
    TrackingToken advance(TrackedEventMessage<?> event) {
        consumed = org.axonframework.eventhandling.WrappedToken.advance(consumed, event.trackingToken());
        return consumed;
    }

    /**
     * Reader: hands the pending batch over when it holds {@code batchSize} events; asked only before an event of
     * another stored event, so the events an upcaster made of one stored event (one token) stay in one batch.
     */
    void handOffIfFull(int batchSize) throws InterruptedException {
        if (pending.size() >= batchSize) {
            handOff();
        }
    }

    /** Reader: adds one of this segment's events to the pending batch. */
    void add(TrackedEventMessage<?> event) {
        pending.add(event);
    }

    /** Reader: hands over what is pending, or only the consumed token when it moved and the queue has room. */
    void flush() throws InterruptedException {
        if (!pending.isEmpty()) {
            handOff();
        } else if (!Objects.equals(consumed, handedOff) && queue.offer(new Work(List.of(), consumed, false))) {
            handedOff = consumed;
        }
    }

    /** Reader: asks the worker to extend its claim (storing its consumed token) when it is idle. */
    void extendClaim() {
        queue.offer(new Work(List.of(), null, true));
    }

    private void handOff() throws InterruptedException {
        Work work = new Work(pending, consumed, false);
        while (!stopping && !queue.offer(work, 10, TimeUnit.MILLISECONDS)) {
            if (done) {
                return;
            }
        }
        handedOff = consumed;
        pending = new ArrayList<>();
    }

    @Override
    public void run() {
        try {
            while (!stopping) {
                Work work = queue.poll(10, TimeUnit.MILLISECONDS);
                if (work != null) {
                    process(work);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            error = e;
        } finally {
            done = true;
        }
    }

    private void process(Work work) throws Exception {
        if (work.extend()) {
            TrackingToken consumedHere = acknowledged;
            if (Objects.equals(consumedHere, stored)) {
                transactionManager.executeInTransaction(
                        () -> tokenStore.extendClaim(processor, segment.getSegmentId()));
            } else {
                transactionManager.executeInTransaction(
                        () -> tokenStore.storeToken(consumedHere, processor, segment.getSegmentId()));
                stored = consumedHere;
            }
            return;
        }
        if (work.events().isEmpty()) {
            acknowledged = work.token();
            return;
        }
        UnitOfWork<TrackedEventMessage<?>> unitOfWork = new EventBatchUnitOfWork(work.events());
        unitOfWork.attachTransaction(transactionManager);
        // the resources Axon's streaming processors give a batch, under their keys
        unitOfWork.resources().put("Processor[" + processor + "]/SegmentId", segment.getSegmentId());
        unitOfWork.resources().put("Processor[" + processor + "]/Token", work.token());
        unitOfWork.onPrepareCommit(u -> {
            tokenStore.storeToken(work.token(), processor, segment.getSegmentId());
            stored = work.token();
        });
        unitOfWork.afterCommit(u -> acknowledged = work.token());
        batchProcessor.process(work.events(), unitOfWork, segment);
        processedABatch = true;
    }

    /** Asks the worker to stop after the batch it is processing; queued batches are dropped. */
    void stop() {
        stopping = true;
    }

    /** Waits for the worker to stop, at most {@code millis}. */
    boolean awaitStopped(long millis) throws InterruptedException {
        thread.join(millis);
        return done;
    }

    boolean failed() {
        return error != null;
    }

    boolean hasProcessedABatch() {
        return processedABatch;
    }

    /** @return the token the worker has consumed up to (processed, or passed as other segments' events) */
    TrackingToken acknowledged() {
        return acknowledged;
    }

    /** @return the segment's status for {@code processingStatus()} */
    TrackerStatus status(boolean caughtUp) {
        return new TrackerStatus(segment, caughtUp, acknowledged, error);
    }
}
