package dev.cairn.aggregates.internal;

import dev.cairn.aggregates.IdempotentCommandFailedException;
import dev.cairn.eventstore.mongo.CommitKey;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.bson.Document;

import java.lang.reflect.Constructor;
import java.util.function.Predicate;

/**
 * Turns stored outcomes of idempotent commands back into what a repeat returns or throws: a result deserialized by the
 * event serializer (which resolves only allowed types), a failure re-created with its type and message where that
 * type is allowed and re-creatable. Internal to Cairn.
 */
final class StoredOutcomes {

    private static final String AXON_PACKAGE = "org.axonframework.";

    private final Serializer serializer;
    private final Predicate<String> allowedType;

    StoredOutcomes(Serializer serializer, Predicate<String> allowedType) {
        this.serializer = serializer;
        this.allowedType = allowedType;
    }

    Serializer serializer() {
        return serializer;
    }

    Object result(Document key) {
        return result(key.getString(IdempotencyStore.RESULT_TYPE), key.getString(IdempotencyStore.RESULT_REVISION),
                      key.getString(IdempotencyStore.RESULT));
    }

    Object result(CommitKey key) {
        return result(key.resultType(), key.resultRevision(), key.result());
    }

    private Object result(String type, String revision, String data) {
        if (type == null) {
            return null;
        }
        return serializer.deserialize(new SimpleSerializedObject<>(data, String.class, type, revision));
    }

    Exception failure(String key, Document existing) {
        String type = existing.getString(IdempotencyStore.FAILURE_TYPE);
        String message = existing.getString(IdempotencyStore.FAILURE_MESSAGE);
        if (type == null || !(allowedType.test(type) || type.startsWith(AXON_PACKAGE))) {
            // a stored name is never turned into an arbitrary class
            return new IdempotentCommandFailedException(key, type, message);
        }
        try {
            Class<?> failureClass = Class.forName(type, false, StoredOutcomes.class.getClassLoader());
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
}
