package dev.cairn.sagas.internal;

import dev.cairn.eventstore.mongo.support.StoredJson;
import dev.cairn.processing.Lease;
import dev.cairn.sagas.ParkedDeadline;
import org.axonframework.deadline.DeadlineMessage;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.ScopeDescriptor;
import org.axonframework.serialization.Serializer;
import org.bson.BsonDocument;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;

/**
 * The deadlines of one deadline manager: stores and cancels them, and polls for due ones, claiming each under a
 * {@link Lease} and firing it with {@link DeadlineRun}. The manager keeps Axon's part (spans, dispatch interceptors,
 * the unit of work a schedule or cancel joins).
 */
public final class DeadlineScheduler {

    private static final int ROUND_SIZE = 100;

    private final DeadlineStore store;
    private final Serializer serializer;
    private final StoredJson storedJson;
    private final Clock clock;
    private final Duration lease;
    private final String nodeId;
    private final DeadlineRun run;
    private final PollLoop loop;

    /**
     * Creates (or, with index creation off, checks) the indexes of the deadline collection.
     *
     * @param interceptors the handler interceptors of the manager, asked at each run
     */
    public DeadlineScheduler(DeadlineSettings settings,
                             Supplier<List<MessageHandlerInterceptor<? super DeadlineMessage<?>>>> interceptors) {
        this.store = new DeadlineStore(settings.deadlines(),
                                       Lease.of(DeadlineDocuments.LEASE, settings.lease(), settings.leaseClock()),
                                       settings.indexCreation());
        this.serializer = settings.serializer();
        this.storedJson = StoredJson.writing(settings.storedJsonFormat());
        this.clock = settings.clock();
        this.lease = settings.lease();
        this.nodeId = settings.nodeId();
        this.run = new DeadlineRun(store, serializer, settings.scopeAwareProvider(), settings.transactionManager(),
                                   settings.spanFactory(), interceptors, clock, settings.maxAttempts(),
                                   settings.retryBackoff(), settings.maxBackoff());
        this.loop = new PollLoop("cairn-deadlines-" + store.collectionName(), settings.pollInterval(), this::round);
    }

    /** Stores a deadline, and wakes the poller when it falls due before the next poll. */
    public void schedule(String deadlineId, String deadlineName, ScopeDescriptor scope, Instant triggerDateTime,
                         DeadlineMessage<?> message) {
        store.insert(DeadlineDocuments.newDeadline(deadlineId, deadlineName, DeadlineDocuments.scope(scope, serializer),
                                                   triggerDateTime, message, serializer, storedJson));
        loop.wakeUpIn(Duration.between(clock.instant(), triggerDateTime));
    }

    public void cancel(String deadlineId) {
        store.cancel(deadlineId);
    }

    public void cancelAll(String deadlineName) {
        store.cancelAll(deadlineName);
    }

    public void cancelAll(String deadlineName, ScopeDescriptor scope) {
        store.cancelAll(deadlineName, DeadlineDocuments.scope(scope, serializer).getString("json").getValue());
    }

    /** @return the parked deadlines, parked longest ago first */
    public List<ParkedDeadline> parked() {
        return store.parked().stream().map(DeadlineRun::parked).toList();
    }

    /** @return whether a parked deadline with that id was scheduled again, due now, with a fresh count of attempts */
    public boolean retryParked(String deadlineId) {
        boolean unparked = store.unpark(deadlineId, clock.instant());
        if (unparked) {
            loop.wakeUpIn(Duration.ZERO);
        }
        return unparked;
    }

    /** Starts polling; idempotent. */
    public void start() {
        loop.start();
    }

    /** Stops polling, letting a running handler finish (up to {@code timeout}). */
    public void stop(Duration timeout) {
        loop.stop(timeout);
    }

    public String nodeId() {
        return nodeId;
    }

    /**
     * Claims and fires due deadlines, one round.
     *
     * @return whether a full round was found, so that more may be due
     */
    private boolean round() {
        Instant now = clock.instant();
        List<BsonDocument> due = store.claimable(now, ROUND_SIZE);
        for (BsonDocument deadline : due) {
            if (!loop.started()) {
                return false;
            }
            if (store.claim(deadline, now, nodeId, clock.instant().plus(lease))) {
                run.fire(deadline, DeadlineDocuments.version(deadline) + 1);
            }
        }
        return due.size() == ROUND_SIZE;
    }
}
