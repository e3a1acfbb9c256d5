package dev.cairn.sagas.internal;

import dev.cairn.sagas.ParkedDeadline;
import org.axonframework.common.AxonNonTransientException;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.deadline.DeadlineManagerSpanFactory;
import org.axonframework.deadline.DeadlineMessage;
import org.axonframework.messaging.DefaultInterceptorChain;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.ResultMessage;
import org.axonframework.messaging.ScopeAware;
import org.axonframework.messaging.ScopeAwareProvider;
import org.axonframework.messaging.ScopeDescriptor;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.serialization.Serializer;
import org.axonframework.tracing.Span;
import org.axonframework.tracing.SpanScope;
import org.bson.BsonDocument;
import org.bson.BsonValue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;

/**
 * Fires one claimed deadline: rebuilds its message and scope, runs the handler in a unit of work with the handler
 * interceptors, and then removes the deadline, schedules a retry with backoff, or parks it.
 */
public final class DeadlineRun {

    private static final Logger logger = LoggerFactory.getLogger(DeadlineRun.class);

    private final DeadlineStore store;
    private final Serializer serializer;
    private final ScopeAwareProvider scopes;
    private final TransactionManager transactionManager;
    private final DeadlineManagerSpanFactory spanFactory;
    private final Supplier<List<MessageHandlerInterceptor<? super DeadlineMessage<?>>>> interceptors;
    private final Clock clock;
    private final int maxAttempts;
    private final Duration firstBackoff;
    private final Duration maxBackoff;

    public DeadlineRun(DeadlineStore store, Serializer serializer, ScopeAwareProvider scopes,
                       TransactionManager transactionManager, DeadlineManagerSpanFactory spanFactory,
                       Supplier<List<MessageHandlerInterceptor<? super DeadlineMessage<?>>>> interceptors,
                       Clock clock, int maxAttempts, Duration firstBackoff, Duration maxBackoff) {
        this.store = store;
        this.serializer = serializer;
        this.scopes = scopes;
        this.transactionManager = transactionManager;
        this.spanFactory = spanFactory;
        this.interceptors = interceptors;
        this.clock = clock;
        this.maxAttempts = maxAttempts;
        this.firstBackoff = firstBackoff;
        this.maxBackoff = maxBackoff;
    }

    /**
     * @param deadline the deadline as read before claiming it
     * @param version  its version after the claim
     */
    public void fire(BsonDocument deadline, long version) {
        String id = DeadlineDocuments.id(deadline);
        String name = DeadlineDocuments.name(deadline);
        int attempt = DeadlineDocuments.attempts(deadline) + 1;
        DeadlineMessage<?> message;
        ScopeDescriptor scope;
        try {
            message = DeadlineDocuments.messageOf(deadline, serializer);
            scope = DeadlineDocuments.scopeOf(deadline, serializer);
        } catch (RuntimeException e) {
            // retrying cannot make an unreadable deadline readable
            park(id, name, version, attempt, e);
            return;
        }
        Throwable failure = execute(id, name, message, scope);
        if (failure == null) {
            store.fired(id, version);
        } else if (KeyInProgress.waitFor(failure, message.getTimestamp(), clock.instant())) {
            // another send of the same command still holds its idempotency key: its lease ends soon, so waiting
            // for it is no failure of this deadline and does not use up an attempt
            Duration wait = KeyInProgress.backoff(message.getTimestamp(), clock.instant(), firstBackoff, maxBackoff);
            logger.info("Deadline [{}] ({}) waits {} for a command still in progress under its idempotency key: {}",
                        name, id, wait, failure.toString());
            store.retryAt(id, version, clock.instant().plus(wait), describe(failure), false);
        } else if (nonTransientCause(failure) != null) {
            // no retry can mend it; the stored error names the non-transient cause, not Axon's wrapper of it
            park(id, name, version, attempt, failure, nonTransientCause(failure));
        } else if (attempt >= maxAttempts) {
            park(id, name, version, attempt, failure);
        } else {
            Duration backoff = backoff(attempt);
            logger.info("Deadline [{}] ({}) failed on attempt {} of {}; retrying in {}: {}", name, id, attempt,
                        maxAttempts, backoff, failure.toString());
            store.retryAt(id, version, clock.instant().plus(backoff), describe(failure), true);
        }
    }

    private void park(String id, String name, long version, int attempt, Throwable failure) {
        park(id, name, version, attempt, failure, failure);
    }

    private void park(String id, String name, long version, int attempt, Throwable failure, Throwable reason) {
        logger.warn("Deadline [{}] ({}) parked after {} attempt(s); retry it with retryParked(\"{}\")", name, id,
                    attempt, id, failure);
        store.park(id, version, clock.instant(), describe(reason));
    }

    /**
     * @return the {@link AxonNonTransientException} the failure is or is caused by, {@code null} if none: Axon wraps
     * what an aggregate's deadline handler throws in a {@code MessageHandlerInvocationException}
     */
    static Throwable nonTransientCause(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof AxonNonTransientException) {
                return cause;
            }
        }
        return null;
    }

    Duration backoff(int attempt) {
        Duration backoff = firstBackoff;
        for (int i = 1; i < attempt && backoff.compareTo(maxBackoff) < 0; i++) {
            backoff = backoff.multipliedBy(2);
        }
        return backoff.compareTo(maxBackoff) > 0 ? maxBackoff : backoff;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private Throwable execute(String id, String name, DeadlineMessage<?> message, ScopeDescriptor scope) {
        Span span = spanFactory.createExecuteSpan(name, id, message).start();
        try (SpanScope ignored = span.makeCurrent()) {
            UnitOfWork<DeadlineMessage<?>> unitOfWork = new DefaultUnitOfWork<>(message);
            unitOfWork.attachTransaction(transactionManager);
            InterceptorChain chain = new DefaultInterceptorChain<>(
                    unitOfWork, (List) interceptors.get(),
                    intercepted -> {
                        send((DeadlineMessage<?>) intercepted, scope);
                        return null;
                    });
            ResultMessage<?> result = unitOfWork.executeWithResult(chain::proceed);
            if (result.isExceptional()) {
                span.recordException(result.exceptionResult());
                return result.exceptionResult();
            }
            return null;
        } catch (RuntimeException e) {
            span.recordException(e);
            return e;
        } finally {
            span.end();
        }
    }

    private void send(DeadlineMessage<?> message, ScopeDescriptor scope) throws Exception {
        for (ScopeAware component : scopes.provideScopeAwareStream(scope).filter(c -> c.canResolve(scope)).toList()) {
            component.send(message, scope);
        }
    }

    private static String describe(Throwable failure) {
        return failure.getClass().getName() + ": " + failure.getMessage();
    }

    public static ParkedDeadline parked(BsonDocument deadline) {
        BsonValue parkedAt = deadline.get(DeadlineDocuments.PARKED_AT);
        BsonValue error = deadline.get(DeadlineDocuments.LAST_ERROR);
        return new ParkedDeadline(DeadlineDocuments.id(deadline), DeadlineDocuments.name(deadline),
                                  deadline.getDocument(DeadlineDocuments.SCOPE).getString("json").getValue(),
                                  DeadlineDocuments.attempts(deadline),
                                  error == null || error.isNull() ? null : error.asString().getValue(),
                                  parkedAt == null ? null : Instant.ofEpochMilli(parkedAt.asDateTime().getValue()));
    }
}
