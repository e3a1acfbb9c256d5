package dev.cairn.sagas.deadline;

import dev.cairn.aggregates.IdempotencyKeyInProgressException;
import org.axonframework.common.AxonNonTransientException;
import org.axonframework.deadline.DeadlineMessage;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.ScopeAware;
import org.axonframework.messaging.ScopeAwareProvider;
import org.axonframework.messaging.ScopeDescriptor;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A scope-aware component for deadline tests: receives every deadline of a {@link Target} scope, records it, and
 * fails while told to.
 */
final class RecordingScope implements ScopeAware, ScopeAwareProvider {

    /** The scope test deadlines target. */
    record Target(String id) implements ScopeDescriptor {
        @Override
        public String scopeDescription() {
            return "Target[" + id + "]";
        }
    }

    record Fired(String deadlineName, Object payload, String messageId, Instant at) {
    }

    private final List<Fired> fired = new CopyOnWriteArrayList<>();
    private final List<Instant> attempts = new CopyOnWriteArrayList<>();
    private final AtomicInteger failuresLeft = new AtomicInteger();
    private final AtomicInteger keyInProgressLeft = new AtomicInteger();
    private volatile boolean failPermanently;

    /** Fails the next {@code times} deliveries as a command whose idempotency key another send holds does. */
    void keyInProgressNext(int times) {
        keyInProgressLeft.set(times);
    }

    void failNext(int times) {
        failuresLeft.set(times);
    }

    /** Fails every delivery with an error Axon calls non-transient: retrying cannot help. */
    void failPermanently() {
        failPermanently = true;
    }

    List<Fired> fired() {
        return List.copyOf(fired);
    }

    List<Instant> attempts() {
        return List.copyOf(attempts);
    }

    @Override
    public Stream<ScopeAware> provideScopeAwareStream(ScopeDescriptor scopeDescriptor) {
        return Stream.of(this);
    }

    @Override
    public boolean canResolve(ScopeDescriptor scopeDescription) {
        return scopeDescription instanceof Target;
    }

    @Override
    public void send(Message<?> message, ScopeDescriptor scopeDescription) {
        attempts.add(Instant.now());
        if (failPermanently) {
            throw new AxonNonTransientException("the target is gone") {
            };
        }
        if (keyInProgressLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            // as a saga's command fails: the exception wrapped by the command gateway's execution
            throw new IllegalStateException("command failed", new IdempotencyKeyInProgressException(
                    "saga:s-1:m-1:0", "com.example.Shop$Charge", Duration.ofSeconds(30)));
        }
        if (failuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            throw new IllegalStateException("handler down");
        }
        DeadlineMessage<?> deadline = (DeadlineMessage<?>) message;
        fired.add(new Fired(deadline.getDeadlineName(), deadline.getPayload(), deadline.getIdentifier(),
                            Instant.now()));
    }
}
