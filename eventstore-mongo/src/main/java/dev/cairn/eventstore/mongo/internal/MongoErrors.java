package dev.cairn.eventstore.mongo.internal;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.MongoException;
import com.mongodb.MongoWriteException;
import org.axonframework.common.jdbc.PersistenceExceptionResolver;

/**
 * The one place where MongoDB driver errors are classified, always by error code, never by message text.
 * <p>
 * As Axon's {@link PersistenceExceptionResolver} it tells the engine which failures are duplicate-key violations
 * (so Axon raises {@code ConcurrencyException} / {@code AggregateStreamCreationException}).
 */
public final class MongoErrors implements PersistenceExceptionResolver {

    public static final int DUPLICATE_KEY = 11000;
    private static final int DUPLICATE_KEY_LEGACY = 11001;
    private static final int DUPLICATE_KEY_UPDATE = 12582;
    public static final int INDEX_OPTIONS_CONFLICT = 85;
    public static final int INDEX_KEY_SPECS_CONFLICT = 86;
    private static final int DOCUMENT_TOO_LARGE = 10334;

    @Override
    public boolean isDuplicateKeyViolation(Exception exception) {
        for (Throwable cause = exception; cause != null; cause = cause.getCause()) {
            if (cause instanceof DuplicateEventException || isDuplicateKey(cause)) {
                return true;
            }
        }
        return false;
    }

    /**
     * @return whether the driver reported a unique index violation
     */
    public static boolean isDuplicateKey(Throwable error) {
        if (error instanceof MongoWriteException write) {
            return write.getError().getCategory() == ErrorCategory.DUPLICATE_KEY;
        }
        if (error instanceof MongoBulkWriteException bulk) {
            return bulk.getWriteErrors().stream()
                       .anyMatch(e -> ErrorCategory.fromErrorCode(e.getCode()) == ErrorCategory.DUPLICATE_KEY);
        }
        if (error instanceof MongoException mongo) {
            int code = mongo.getCode();
            return code == DUPLICATE_KEY || code == DUPLICATE_KEY_LEGACY || code == DUPLICATE_KEY_UPDATE;
        }
        return false;
    }

    /**
     * @return whether the server rejected the write itself, so that nothing of it was stored (as opposed to a
     * network error or an unmet write concern, where the write may have been applied)
     */
    public static boolean isRejectedWrite(Throwable error) {
        return error instanceof MongoWriteException || error instanceof MongoBulkWriteException
                || error instanceof RejectedCommitException
                || error instanceof org.bson.BsonMaximumSizeExceededException;
    }

    /**
     * @return whether creating an index failed because one with the same name or keys but other options exists
     */
    public static boolean isIndexConflict(MongoException error) {
        return error.getCode() == INDEX_OPTIONS_CONFLICT || error.getCode() == INDEX_KEY_SPECS_CONFLICT;
    }

    /**
     * @return whether a document exceeded MongoDB's 16 MB limit
     */
    public static boolean isDocumentTooLarge(Throwable error) {
        return error instanceof org.bson.BsonMaximumSizeExceededException
                || error instanceof MongoException mongo && mongo.getCode() == DOCUMENT_TOO_LARGE;
    }
}
