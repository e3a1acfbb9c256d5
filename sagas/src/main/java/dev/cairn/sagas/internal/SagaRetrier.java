package dev.cairn.sagas.internal;

import org.axonframework.common.AxonNonTransientException;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.serialization.Serializer;
import org.bson.BsonDocument;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Retries the parked events of sagas (ADR 51): every poll interval, each node looks for sagas whose retry is due,
 * claims each under a lease on the database's clock (so one node at a time runs a saga's sequence) and runs the saga's
 * events in order, first the one that failed, each in its own unit of work. An event that ran is removed and the lease
 * renewed; when none is left the saga's document goes and its next events run in the processor again. A failure ends
 * the round for that saga: due again after the backoff, or, after the last attempt, parked for an operator.
 */
public final class SagaRetrier {

    private static final Logger logger = LoggerFactory.getLogger(SagaRetrier.class);
    private static final int BATCH = 10;

    private final ParkedSagaStore store;
    private final Serializer serializer;
    private final SagaRetrySettings settings;
    private final Function<String, StableIdSagaManager<?>> managers;
    private final List<String> sagaTypes;
    private final PollLoop loop;

    /**
     * @param sagaTypes the saga types this node runs, by class name: only their sagas are retried here
     * @param managers  the saga manager of a saga type, by class name
     */
    public SagaRetrier(ParkedSagaStore store, Serializer serializer, SagaRetrySettings settings,
                       List<String> sagaTypes, Function<String, StableIdSagaManager<?>> managers) {
        this.store = store;
        this.serializer = serializer;
        this.settings = settings;
        this.sagaTypes = sagaTypes;
        this.managers = managers;
        this.loop = new PollLoop("cairn-saga-retries-" + store.collectionName(), settings.pollInterval(), this::round);
    }

    public void start() {
        loop.start();
    }

    public void stop() {
        loop.stop(Duration.ofSeconds(10));
    }

    /** @return whether there may be more due sagas right away */
    boolean round() {
        List<BsonDocument> due = store.due(sagaTypes, settings.clock().instant(), BATCH);
        for (BsonDocument parking : due) {
            if (store.claim(parking, settings.clock().instant(), settings.nodeId())) {
                retry(ParkedSagaDocuments.sagaId(parking));
            }
        }
        return due.size() == BATCH;
    }

    /** Runs the claimed saga's events in order until one fails, none is left, or the claim is lost. */
    public void retry(String sagaId) {
        String owner = settings.nodeId();
        while (true) {
            BsonDocument parking = store.held(sagaId, owner);
            if (parking == null) {
                return;
            }
            List<BsonDocument> events = ParkedSagaDocuments.events(parking);
            if (events.isEmpty()) {
                if (store.finish(sagaId, owner)) {
                    logger.info("Saga [{}] ran its parked events and goes on", sagaId);
                    return;
                }
                continue;
            }
            BsonDocument first = events.get(0);
            String sagaType = parking.getString(ParkedSagaDocuments.SAGA_TYPE).getValue();
            Throwable failure;
            boolean readable = true;
            try {
                EventMessage<?> event = ParkedSagaDocuments.messageOf(parking, first, serializer);
                failure = managers.apply(sagaType).replay(sagaId, event, ParkedSagaDocuments.starts(first));
            } catch (RuntimeException e) {
                // an unreadable event, or a saga type this node cannot build: retrying will not change that
                failure = e;
                readable = false;
            }
            if (failure == null) {
                if (!store.ran(sagaId, owner)) {
                    return;
                }
                continue;
            }
            failed(sagaId, sagaType, parking, first, failure, readable);
            return;
        }
    }

    private void failed(String sagaId, String sagaType, BsonDocument parking, BsonDocument event, Throwable failure,
                        boolean readable) {
        int attempt = ParkedSagaDocuments.attempts(parking) + 1;
        Instant now = settings.clock().instant();
        String error = SagaEventParking.describe(failure);
        Instant since = ParkedSagaDocuments.instant(parking, ParkedSagaDocuments.PARKED_AT);
        if (readable && since != null && KeyInProgress.waitFor(failure, since, now)) {
            // a command of the handler waits for its idempotency key's lease to end: not an attempt (as for deadlines)
            Duration wait = KeyInProgress.backoff(since, now, settings.firstBackoff(), settings.maxBackoff());
            logger.info("Saga [{}] ({}) waits {} for a command still in progress under its idempotency key: {}", sagaId,
                        sagaType, wait, failure.toString());
            store.failed(sagaId, settings.nodeId(), attempt - 1, now, now.plus(wait), error);
            return;
        }
        if (!readable || attempt >= settings.maxAttempts() || failure instanceof AxonNonTransientException) {
            logger.warn("Saga [{}] ({}) is parked after {} attempt(s) on event [{}] ({}), {} event(s) waiting; retry it"
                                + " with CairnSagas.retryParked(\"{}\")", sagaId, sagaType, attempt,
                        ParkedSagaDocuments.eventType(event), ParkedSagaDocuments.eventId(event),
                        ParkedSagaDocuments.events(parking).size(), sagaId, failure);
            store.failed(sagaId, settings.nodeId(), attempt, now, null, error);
        } else {
            Duration backoff = settings.backoff(attempt);
            logger.info("Saga [{}] ({}) failed on attempt {} of {} on event [{}]; retrying in {}: {}", sagaId, sagaType,
                        attempt, settings.maxAttempts(), ParkedSagaDocuments.eventType(event), backoff,
                        failure.toString());
            store.failed(sagaId, settings.nodeId(), attempt, now, now.plus(backoff), error);
        }
    }
}
