package dev.cairn.aggregates.internal;

import dev.cairn.aggregates.IdempotencyKeyInProgressException;
import dev.cairn.aggregates.IdempotentCommandFailedException;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.ResultMessage;
import org.axonframework.messaging.unitofwork.ExecutionResult;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.reflect.Constructor;
import java.time.Duration;
import java.util.function.Predicate;

/**
 * Executes a command carrying the metadata key {@value Cairn#IDEMPOTENCY_KEY} at most once per key: the send that
 * claims the key executes and records the outcome when its unit of work ends; every other send waits for that outcome
 * and returns it. Internal to Cairn.
 */
public final class IdempotencyInterceptor implements MessageHandlerInterceptor<CommandMessage<?>> {

    /** The command metadata key of idempotent commands, published as {@code Cairn.IDEMPOTENCY_KEY}. */
    public static final String METADATA_KEY = "idempotencyKey";

    private static final Logger logger = LoggerFactory.getLogger(IdempotencyInterceptor.class);
    private static final String AXON_PACKAGE = "org.axonframework.";
    private static final long MAX_POLL_MILLIS = 200;

    private final IdempotencyStore store;
    private final Serializer serializer;
    private final Predicate<String> allowedType;
    private final Duration waitTimeout;

    /**
     * @param serializer  stores and reads results; the event store's serializer, which resolves only allowed types
     * @param allowedType which stored failure type names may be re-created (besides Axon's own exceptions)
     */
    public IdempotencyInterceptor(IdempotencyStore store, Serializer serializer, Predicate<String> allowedType,
                                  Duration waitTimeout) {
        this.store = store;
        this.serializer = serializer;
        this.allowedType = allowedType;
        this.waitTimeout = waitTimeout;
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
        long deadline = System.nanoTime() + waitTimeout.toNanos();
        long pollMillis = 2;
        while (true) {
            IdempotencyStore.Claim claim = store.claim(key, command.getCommandName());
            if (claim.claimed()) {
                unitOfWork.afterCommit(u -> record(key, u.getExecutionResult()));
                unitOfWork.onRollback(u -> record(key, u.getExecutionResult()));
                return interceptorChain.proceed();
            }
            Document existing = claim.existing();
            requireSameCommand(key, command.getCommandName(), existing);
            IdempotencyStore.State state = IdempotencyStore.State.valueOf(existing.getString(IdempotencyStore.STATE));
            if (state == IdempotencyStore.State.DONE) {
                return result(existing);
            }
            if (state == IdempotencyStore.State.FAILED) {
                throw failure(key, existing);
            }
            if (System.nanoTime() - deadline >= 0) {
                throw new IdempotencyKeyInProgressException(key, command.getCommandName(), waitTimeout);
            }
            Thread.sleep(pollMillis);
            pollMillis = Math.min(MAX_POLL_MILLIS, pollMillis * 2);
        }
    }

    private void record(String key, ExecutionResult executionResult) {
        try {
            ResultMessage<?> result = executionResult == null ? null : executionResult.getResult();
            if (result != null && result.isExceptional()) {
                Throwable failure = result.exceptionResult();
                store.failed(key, failure.getClass().getName(), failure.getMessage());
            } else if (result == null || result.getPayload() == null) {
                store.done(key, null, null, null);
            } else {
                SerializedObject<String> serialized = serializer.serialize(result.getPayload(), String.class);
                store.done(key, serialized.getType().getName(), serialized.getType().getRevision(),
                           serialized.getData());
            }
        } catch (RuntimeException e) {
            // The command's outcome stands; repeats of this key wait and then report the key as in progress.
            logger.warn("Could not record the outcome of the command with idempotency key [{}]", key, e);
        }
    }

    private Object result(Document existing) {
        String type = existing.getString(IdempotencyStore.RESULT_TYPE);
        if (type == null) {
            return null;
        }
        return serializer.deserialize(new SimpleSerializedObject<>(existing.getString(IdempotencyStore.RESULT),
                                                                   String.class, type,
                                                                   existing.getString(
                                                                           IdempotencyStore.RESULT_REVISION)));
    }

    private Exception failure(String key, Document existing) {
        String type = existing.getString(IdempotencyStore.FAILURE_TYPE);
        String message = existing.getString(IdempotencyStore.FAILURE_MESSAGE);
        if (type == null || !(allowedType.test(type) || type.startsWith(AXON_PACKAGE))) {
            // a stored name is never turned into an arbitrary class
            return new IdempotentCommandFailedException(key, type, message);
        }
        try {
            Class<?> failureClass = Class.forName(type, false, IdempotencyInterceptor.class.getClassLoader());
            if (Exception.class.isAssignableFrom(failureClass)) {
                Exception recreated = recreate(failureClass, message);
                if (recreated != null) {
                    return recreated;
                }
            }
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            // not re-creatable: fall through to the generic replayed failure
        }
        return new IdempotentCommandFailedException(key, type, message);
    }

    /**
     * @return the failure re-created through a public {@code (String)} or {@code (String, Throwable)} constructor,
     * {@code null} when the type has neither
     */
    private static Exception recreate(Class<?> failureClass, String message) throws ReflectiveOperationException {
        for (Constructor<?> constructor : failureClass.getConstructors()) {
            Class<?>[] parameters = constructor.getParameterTypes();
            if (parameters.length == 1 && parameters[0] == String.class) {
                return (Exception) constructor.newInstance(message);
            }
        }
        for (Constructor<?> constructor : failureClass.getConstructors()) {
            Class<?>[] parameters = constructor.getParameterTypes();
            if (parameters.length == 2 && parameters[0] == String.class && parameters[1] == Throwable.class) {
                return (Exception) constructor.newInstance(message, null);
            }
        }
        return null;
    }

    private static void requireSameCommand(String key, String commandName, Document existing) {
        String first = existing.getString(IdempotencyStore.COMMAND_NAME);
        if (!commandName.equals(first)) {
            throw new IllegalArgumentException("Idempotency key [" + key + "] was first used for command [" + first
                                                       + "] and cannot be reused for command [" + commandName + "]");
        }
    }
}
