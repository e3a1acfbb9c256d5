package dev.cairn.eventstore.mongo.internal;

import dev.cairn.eventstore.mongo.support.MongoErrors;
import org.axonframework.common.jdbc.PersistenceExceptionResolver;

/**
 * Tells Axon which append failures are duplicate-key violations, so that it raises {@code ConcurrencyException} or
 * {@code AggregateStreamCreationException}: a conflict within one append, or a unique index violation as classified
 * by {@link MongoErrors}.
 */
public final class DuplicateKeyResolver implements PersistenceExceptionResolver {

    @Override
    public boolean isDuplicateKeyViolation(Exception exception) {
        for (Throwable cause = exception; cause != null; cause = cause.getCause()) {
            if (cause instanceof DuplicateEventException) {
                return true;
            }
        }
        return MongoErrors.isDuplicateKey(exception);
    }
}
