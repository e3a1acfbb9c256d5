package dev.cairn.sagas.internal;

import dev.cairn.eventstore.mongo.support.StoredJson;
import dev.cairn.sagas.internal.ParkedSagaDocuments.Status;
import org.axonframework.common.AxonNonTransientException;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.EventMessageHandler;
import org.axonframework.eventhandling.ListenerInvocationErrorHandler;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.modelling.saga.Saga;
import org.axonframework.serialization.Serializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The saga processor's side of parking (ADR 51), for one saga type: a saga whose handler fails has that event parked
 * ({@link #onError}, Axon's error handler of the saga manager, which would otherwise log and skip the event), and a
 * saga with parked events gets its later events queued behind them ({@link #queue}). Either way the saga is
 * <em>held</em> in the current unit of work: its in-memory state is not stored ({@link HeldSagaStore}), so it stays
 * as it was before the event that failed or waits.
 */
public final class SagaEventParking implements ListenerInvocationErrorHandler {

    private static final Logger logger = LoggerFactory.getLogger(SagaEventParking.class);
    private static final String HELD = "cairn.sagas.held";

    private final ParkedSagaStore store;
    private final String sagaType;
    private final String processingGroup;
    private final Serializer serializer;
    private final StoredJson storedJson;
    private final SagaRetrySettings settings;
    private final Predicate<String> stored;

    /** @param stored whether a saga with that id is stored (a live saga), to tell a starting event from others */
    public SagaEventParking(ParkedSagaStore store, Class<?> sagaType, String processingGroup, Serializer serializer,
                            StoredJson storedJson, SagaRetrySettings settings, Predicate<String> stored) {
        this.store = store;
        this.sagaType = sagaType.getName();
        this.processingGroup = processingGroup;
        this.serializer = serializer;
        this.storedJson = storedJson;
        this.settings = settings;
        this.stored = stored;
    }

    @Override
    public void onError(Exception exception, EventMessage<?> event,
                        EventMessageHandler eventHandler) throws Exception {
        if (!(eventHandler instanceof Saga<?> saga)) {
            throw exception;
        }
        String sagaId = saga.getSagaIdentifier();
        boolean start = !stored.test(sagaId);
        // a command still in progress under its idempotency key is a wait, not an attempt (KeyInProgress)
        boolean waiting = KeyInProgress.causedBy(exception);
        boolean park = !waiting && (settings.maxAttempts() <= 1 || exception instanceof AxonNonTransientException);
        Instant now = settings.clock().instant();
        Instant dueAt = park ? now : now.plus(settings.backoff(1));
        store.park(ParkedSagaDocuments.newParking(
                sagaId, sagaType, processingGroup, ParkedSagaDocuments.event(event, start, serializer, storedJson),
                park ? Status.PARKED : Status.RETRYING, waiting ? 0 : 1, now, dueAt, describe(exception), storedJson));
        hold(sagaId);
        if (park) {
            logger.warn("Saga [{}] ({}) failed on event [{}] ({}) and is parked with its later events; retry it with"
                                + " CairnSagas.retryParked(\"{}\")", sagaId, sagaType, event.getPayloadType().getName(),
                        event.getIdentifier(), sagaId, exception);
        } else {
            logger.info("Saga [{}] ({}) failed on event [{}] ({}); its later events wait, retrying at {}: {}", sagaId,
                        sagaType, event.getPayloadType().getName(), event.getIdentifier(), dueAt, exception.toString());
        }
    }

    /** @return whether the saga has parked events, so its next ones must wait behind them */
    public boolean holds(String sagaId) {
        return store.holds(sagaId);
    }

    /** Queues {@code event} behind the saga's parked events (once per event identifier) and holds the saga. */
    public void queue(String sagaId, EventMessage<?> event, boolean start) {
        Instant now = settings.clock().instant();
        var stored = ParkedSagaDocuments.event(event, start, serializer, storedJson);
        store.queue(ParkedSagaDocuments.newParking(sagaId, sagaType, processingGroup, stored, Status.RETRYING, 0, now,
                                                   now, null, storedJson), stored);
        hold(sagaId);
    }

    /** Holds a saga in the current unit of work: its state is not written when the unit of work commits. */
    static void hold(String sagaId) {
        if (CurrentUnitOfWork.isStarted()) {
            CurrentUnitOfWork.get().root().<Set<String>>getOrComputeResource(HELD, key -> new HashSet<>())
                             .add(sagaId);
        }
    }

    /** @return whether the saga is held in the current unit of work */
    static boolean isHeld(String sagaId) {
        if (!CurrentUnitOfWork.isStarted()) {
            return false;
        }
        Set<String> held = CurrentUnitOfWork.get().root().getResource(HELD);
        return held != null && held.contains(sagaId);
    }

    static String describe(Throwable failure) {
        return failure.getClass().getName() + ": " + failure.getMessage();
    }
}
