package dev.cairn.sagas;

import dev.cairn.aggregates.Cairn;
import dev.cairn.eventstore.mongo.CommitOutcomeUnknownException;
import dev.cairn.eventstore.mongo.IdempotencyKeyCommittedException;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.common.AxonTransientException;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.Scope;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.modelling.saga.Saga;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How a saga sends commands so that nothing is done twice. Take it as a parameter of a saga handler
 * ({@code @SagaEventHandler ... void on(PaymentDeclined e, SagaCommands commands)}); {@link CairnSagas} registers it.
 * <p>
 * Each command gets the idempotency key {@code saga:<sagaId>:<messageId>:<n>} — the saga, the event or deadline being
 * handled, and the position of the command among those the saga sent for it; a positional key is compared on the
 * command type only, so a command built with fresh values (a random id, the current time) on redelivery is still its
 * repeat (ADR 74) — so when the message is delivered again
 * (after a crash between the command and the processor's token update, or a retried deadline), the same keys come
 * out and Cairn's idempotent commands return the first outcome instead of executing again. A command that already
 * carries {@value Cairn#IDEMPOTENCY_KEY} keeps it.
 * <p>
 * Cairn's idempotent commands keep a failure under its key for good, transient ones too. A command that fails with an
 * {@code AxonTransientException} (another node appended to the aggregate first: nothing was stored) is therefore sent
 * again under the next key of a deterministic sequence, {@code <key>/retry-1}, {@code /retry-2}, ... for up to
 * {@value #RETRY_WINDOW_SECONDS} seconds; a redelivery walks the same sequence and meets the same outcomes. An append
 * whose outcome is unknown is asked again under the same key, and a send whose key another send committed first
 * returns that send's result.
 * <p>
 * The command runs in a unit of work of its own (on the executor), so its events and its key's outcome are stored
 * when it completes, not held back by the saga's unit of work, which may still roll back. With the plain
 * {@code CommandGateway} inside a saga, a command on the local bus joins the saga's unit of work instead: its events
 * are stored with the saga's commit and run again on redelivery.
 */
public final class SagaCommands {

    /** How long a command failing transiently is retried within one handling before the failure propagates. */
    static final int RETRY_WINDOW_SECONDS = 10;
    static final Duration TRANSIENT_RETRY_WINDOW = Duration.ofSeconds(RETRY_WINDOW_SECONDS);
    private static final String COUNTERS = SagaCommands.class.getName() + ".counters";

    private final CommandGateway gateway;
    private final Executor executor;

    /**
     * @param executor where commands run; {@code Runnable::run} (as in {@link #direct}) keeps them in the caller's
     *                 unit of work, for test fixtures
     */
    public SagaCommands(CommandGateway gateway, Executor executor) {
        this.gateway = Objects.requireNonNull(gateway, "gateway");
        this.executor = Objects.requireNonNull(executor, "executor");
    }

    /**
     * @return saga commands that run on the caller's thread: for Axon's {@code SagaTestFixture}, whose commands go to
     * its recording command bus (it has no command gateway of its own):
     * <pre>{@code
     * fixture.registerResource(SagaCommands.direct(
     *         DefaultCommandGateway.builder().commandBus(fixture.getCommandBus()).build()));
     * }</pre>
     */
    public static SagaCommands direct(CommandGateway gateway) {
        return new SagaCommands(gateway, Runnable::run);
    }

    /**
     * Sends {@code command} with the saga's idempotency key and waits for its result.
     *
     * @return the command handler's result (on a repeat, the first execution's result)
     * @throws IllegalStateException when called outside a saga handling a message
     * @throws RuntimeException      what the command failed with (on a repeat, the first execution's failure)
     */
    @SuppressWarnings("unchecked")
    public <R> R send(Object command) {
        // built on the saga's thread, so it carries the correlation data of the message being handled
        CommandMessage<?> message = GenericCommandMessage.asCommandMessage(command);
        if (message.getMetaData().containsKey(Cairn.IDEMPOTENCY_KEY)) {
            return dispatch(message);
        }
        String key = nextKey(message.getCommandName());
        long giveUpAt = System.nanoTime() + TRANSIENT_RETRY_WINDOW.toNanos();
        int attempt = 0;
        for (int tries = 0; ; tries++) {
            String attemptKey = attempt == 0 ? key : key + "/retry-" + attempt;
            try {
                return dispatch(message.andMetaData(Map.of(Cairn.IDEMPOTENCY_KEY, attemptKey,
                                                           Cairn.POSITIONAL_IDEMPOTENCY_KEY, true)));
            } catch (IdempotencyKeyCommittedException e) {
                return (R) e.result(); // another send of this key landed first: its outcome is this command's
            } catch (CommitOutcomeUnknownException e) {
                // asked again under the same key, which settles the outcome by the key's commit
                giveUpIfLate(e, giveUpAt);
            } catch (AxonTransientException e) {
                // e.g. another node appended to the aggregate first: nothing was stored, and the key keeps that
                // failure for good, so the next attempt takes the next key of the same deterministic sequence
                giveUpIfLate(e, giveUpAt);
                attempt++;
            }
            pause(tries);
        }
    }

    private static void giveUpIfLate(RuntimeException failure, long giveUpAt) {
        if (System.nanoTime() - giveUpAt > 0) {
            throw failure;
        }
    }

    private <R> R dispatch(CommandMessage<?> message) {
        CompletableFuture<R> result = CompletableFuture.supplyAsync(() -> gateway.sendAndWait(message), executor);
        try {
            return result.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw e;
        }
    }

    private static void pause(int attempt) {
        try {
            Thread.sleep(Math.min(100, 1L << Math.min(attempt, 7)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while retrying a saga command", e);
        }
    }

    /**
     * @return the key the next command sent from the current saga handler gets
     */
    static String nextKey(String commandName) {
        String sagaId = currentSagaId(commandName);
        UnitOfWork<?> unitOfWork = CurrentUnitOfWork.get();
        Message<?> trigger = unitOfWork.getMessage();
        String base = "saga:" + sagaId + ":" + trigger.getIdentifier();
        Map<String, AtomicInteger> counters = unitOfWork.root().getOrComputeResource(COUNTERS, k -> new HashMap<>());
        int position = counters.computeIfAbsent(base, k -> new AtomicInteger()).getAndIncrement();
        return base + ":" + position;
    }

    private static String currentSagaId(String commandName) {
        try {
            Scope scope = Scope.getCurrentScope();
            if (scope instanceof Saga<?> saga && CurrentUnitOfWork.isStarted()) {
                return saga.getSagaIdentifier();
            }
        } catch (IllegalStateException e) {
            // no scope at all: reported below
        }
        throw new IllegalStateException("SagaCommands sends commands from saga handlers only; command ["
                                                + commandName + "] was sent outside one");
    }
}
