package dev.cairn.aggregates.internal;

import dev.cairn.aggregates.IdempotencyKeyInProgressException;
import dev.cairn.aggregates.IdempotencyKeyReusedException;
import dev.cairn.eventstore.mongo.CommitKey;
import dev.cairn.eventstore.mongo.CommitOutcomeUnknownException;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.ResultMessage;
import org.axonframework.messaging.unitofwork.ExecutionResult;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.serialization.SerializedObject;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;

/**
 * Executes a command carrying the metadata key {@value #METADATA_KEY} at most once per key (ADR 11, ADR 74). The send
 * that claims the key executes under a lease it renews, and its commit carries the key and result; every other send
 * waits for the outcome and returns it. A key whose send's lease ended (its node died or paused) is taken over: the
 * key's commit is looked up, and its result returned when it landed, or the command executed when nothing did; a late
 * commit of the paused send is then refused by the store. Internal to Cairn.
 */
public final class IdempotencyInterceptor implements MessageHandlerInterceptor<CommandMessage<?>> {

    /** The command metadata key of idempotent commands, published as {@code Cairn.IDEMPOTENCY_KEY}. */
    public static final String METADATA_KEY = "idempotencyKey";
    /** Metadata marking a saga's positional key, compared on the command type only (ADR 74). */
    public static final String POSITIONAL_KEY = "cairn.positionalKey";

    private static final Logger logger = LoggerFactory.getLogger(IdempotencyInterceptor.class);
    private static final long MAX_POLL_MILLIS = 200;

    private final IdempotencyStore store;
    private final StoredOutcomes outcomes;
    private final KeyedCommits commits;
    private final Function<String, Optional<CommitKey>> commitOfClaim;
    private final LeaseRenewals renewals;
    private final String node;
    private final Duration waitTimeout;
    private final long takeOverIntervalNanos;
    private final LongAdder repeats;

    /**
     * @param commitOfClaim finds the commit carrying a claim (the engine's {@code findCommitKey})
     * @param node          this node's identifier, the prefix of the owner of each send
     * @param repeats       counts the commands answered from a key's first outcome instead of executed again
     */
    public IdempotencyInterceptor(IdempotencyStore store, StoredOutcomes outcomes, KeyedCommits commits,
                                  Function<String, Optional<CommitKey>> commitOfClaim, LeaseRenewals renewals,
                                  String node, Duration waitTimeout, LongAdder repeats) {
        this.store = store;
        this.outcomes = outcomes;
        this.commits = commits;
        this.commitOfClaim = commitOfClaim;
        this.renewals = renewals;
        this.node = node;
        this.waitTimeout = waitTimeout;
        this.takeOverIntervalNanos = store.lease().duration().toNanos() / 4;
        this.repeats = repeats;
    }

    @Override
    public Object handle(UnitOfWork<? extends CommandMessage<?>> unitOfWork,
                         InterceptorChain interceptorChain) throws Exception {
        CommandMessage<?> command = unitOfWork.getMessage();
        Object keyValue = command.getMetaData().get(METADATA_KEY);
        if (keyValue == null) {
            return interceptorChain.proceed();
        }
        String key = keyValue.toString();
        if (key.isBlank()) {
            throw new IllegalArgumentException("The metadata [" + METADATA_KEY + "] of command ["
                                                       + command.getCommandName() + "] must not be blank");
        }
        CommandFingerprint fingerprint = CommandFingerprint.of(command, outcomes.serializer(),
                                                               Boolean.TRUE.equals(command.getMetaData()
                                                                                          .get(POSITIONAL_KEY)));
        String owner = node + "/" + UUID.randomUUID();
        long deadline = System.nanoTime() + waitTimeout.toNanos();
        long pollMillis = 2;
        long nextTakeOver = System.nanoTime();
        while (true) {
            IdempotencyStore.Claim claim = store.claim(key, fingerprint, owner);
            if (claim.claimed()) {
                return execute(unitOfWork, interceptorChain, key, claim.claim(), owner);
            }
            Document existing = claim.existing();
            requireSameCommand(key, fingerprint, existing);
            IdempotencyStore.State state = IdempotencyStore.State.valueOf(existing.getString(IdempotencyStore.STATE));
            if (state == IdempotencyStore.State.DONE) {
                repeats.increment();
                return outcomes.result(existing);
            }
            if (state == IdempotencyStore.State.FAILED) {
                repeats.increment();
                throw outcomes.failure(key, existing);
            }
            String pendingClaim = existing.getString(IdempotencyStore.CLAIM);
            // a live lease is asked about at once and then a few times per lease, not at every poll
            boolean mayTakeOver = pendingClaim != null && System.nanoTime() - nextTakeOver >= 0;
            if (mayTakeOver) {
                nextTakeOver = System.nanoTime() + takeOverIntervalNanos;
            }
            if (mayTakeOver && store.takeOver(key, pendingClaim, owner)) {
                Optional<CommitKey> landed = commitOfClaim.apply(pendingClaim);
                if (landed.isPresent()) {
                    settle(key, pendingClaim, owner, landed.get());
                    repeats.increment();
                    return outcomes.result(landed.get());
                }
                return execute(unitOfWork, interceptorChain, key, pendingClaim, owner);
            }
            if (System.nanoTime() - deadline >= 0) {
                throw new IdempotencyKeyInProgressException(key, command.getCommandName(), waitTimeout);
            }
            Thread.sleep(pollMillis);
            pollMillis = Math.min(MAX_POLL_MILLIS, pollMillis * 2);
        }
    }

    private Object execute(UnitOfWork<? extends CommandMessage<?>> unitOfWork, InterceptorChain chain, String key,
                           String claim, String owner) throws Exception {
        KeyedCommits.PendingKey pending = new KeyedCommits.PendingKey(key, claim);
        commits.register(unitOfWork, pending);
        AutoCloseable renewal = renewals.renew(key, claim, owner);
        unitOfWork.onCleanup(u -> stop(renewal));
        boolean[] handlerFailed = {false};
        unitOfWork.afterCommit(u -> recordCommitted(key, claim, owner, u.getExecutionResult()));
        unitOfWork.onRollback(u -> recordRolledBack(key, claim, owner, handlerFailed[0], u.getExecutionResult()));
        try {
            Object result = chain.proceed();
            if (result != null) {
                SerializedObject<String> serialized = outcomes.serializer().serialize(result, String.class);
                pending.result(serialized.getType().getName(), serialized.getType().getRevision(),
                               serialized.getData());
            }
            return result;
        } catch (Exception | Error e) {
            handlerFailed[0] = true; // thrown before the commit: nothing of this send was stored
            throw e;
        }
    }

    private void recordCommitted(String key, String claim, String owner, ExecutionResult executionResult) {
        try {
            ResultMessage<?> result = executionResult == null ? null : executionResult.getResult();
            boolean recorded;
            if (result != null && result.isExceptional()) {
                Throwable failure = result.exceptionResult();
                recorded = store.failed(key, claim, owner, failure.getClass().getName(), failure.getMessage());
            } else if (result == null || result.getPayload() == null) {
                recorded = store.done(key, claim, owner, null, null, null);
            } else {
                SerializedObject<String> serialized = outcomes.serializer().serialize(result.getPayload(),
                                                                                      String.class);
                recorded = store.done(key, claim, owner, serialized.getType().getName(),
                                      serialized.getType().getRevision(), serialized.getData());
            }
            if (!recorded) {
                logger.debug("Idempotency key [{}] was taken over before its outcome was recorded", key);
            }
        } catch (RuntimeException e) {
            // The outcome stands in the commit; a repeat takes the key over once its lease ends and finds it there.
            logger.warn("Could not record the outcome of the command with idempotency key [{}]", key, e);
        }
    }

    /**
     * A failure thrown by the handler stored nothing: it is the key's outcome. A failure of the commit is settled by
     * looking for the key's commit: it may have landed (for this send, or for a send that took the key over), or,
     * when the append's outcome is unknown, may still land; only a definite rejection is recorded as a failure.
     */
    private void recordRolledBack(String key, String claim, String owner, boolean handlerFailed,
                                  ExecutionResult executionResult) {
        Throwable failure = executionResult == null ? null : executionResult.getExceptionResult();
        try {
            if (!handlerFailed) {
                Optional<CommitKey> landed = commitOfClaim.apply(claim);
                if (landed.isPresent()) {
                    settle(key, claim, owner, landed.get());
                    return;
                }
                if (isUnknownOutcome(failure)) {
                    return; // the key stays pending; once its lease ends, a repeat settles it by the same lookup
                }
            }
            store.failed(key, claim, owner, failure == null ? null : failure.getClass().getName(),
                         failure == null ? null : failure.getMessage());
        } catch (RuntimeException e) {
            logger.warn("Could not record the outcome of the command with idempotency key [{}]; a repeat settles it "
                                + "once its lease ends", key, e);
        }
    }

    private void settle(String key, String claim, String owner, CommitKey landed) {
        store.done(key, claim, owner, landed.resultType(), landed.resultRevision(), landed.result());
    }

    private static boolean isUnknownOutcome(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof CommitOutcomeUnknownException) {
                return true;
            }
        }
        return false;
    }

    private static void stop(AutoCloseable renewal) {
        try {
            renewal.close();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void requireSameCommand(String key, CommandFingerprint command, Document existing) {
        String name = existing.getString(IdempotencyStore.COMMAND_NAME);
        String target = existing.getString(IdempotencyStore.TARGET);
        String fingerprint = existing.getString(IdempotencyStore.FINGERPRINT);
        if (!command.matches(name, target, fingerprint)) {
            throw new IdempotencyKeyReusedException(key, CommandFingerprint.describe(name, target, fingerprint),
                                                    CommandFingerprint.describe(command.commandName(),
                                                                                command.target(),
                                                                                command.fingerprint()));
        }
    }
}
