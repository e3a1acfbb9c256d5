package dev.cairn.eventstore.mongo.support;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.MongoException;
import com.mongodb.MongoWriteException;
import org.bson.BsonMaximumSizeExceededException;

/**
 * The one place where Cairn classifies MongoDB driver errors: always by error code or exception type, never by
 * message text. Every Cairn module asks this class instead of inspecting driver exceptions itself.
 */
public final class MongoErrors {

    /** A unique index rejected a write. */
    public static final int DUPLICATE_KEY = 11000;
    private static final int DUPLICATE_KEY_LEGACY = 11001;
    private static final int DUPLICATE_KEY_UPDATE = 12582;
    /** An index with the same name or keys exists with other options. */
    public static final int INDEX_OPTIONS_CONFLICT = 85;
    /** An index with the same name exists on other keys. */
    public static final int INDEX_KEY_SPECS_CONFLICT = 86;
    private static final int DOCUMENT_TOO_LARGE = 10334;

    private MongoErrors() {
    }

    /**
     * @return whether {@code error} or one of its causes is a unique index violation
     */
    public static boolean isDuplicateKey(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (isDuplicateKeyItself(cause)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isDuplicateKeyItself(Throwable error) {
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
     * @return whether a write error code (for example of one operation of a bulk write) is a duplicate key
     */
    public static boolean isDuplicateKeyCode(int code) {
        return ErrorCategory.fromErrorCode(code) == ErrorCategory.DUPLICATE_KEY || code == DUPLICATE_KEY_UPDATE;
    }

    /**
     * @return whether the server (or the driver, before sending) rejected the write itself, so that nothing of it was
     * stored, as opposed to a network error or an unmet write concern, where the write may have been applied
     */
    public static boolean isRejectedWrite(Throwable error) {
        return error instanceof MongoWriteException || error instanceof MongoBulkWriteException
                || error instanceof BsonMaximumSizeExceededException;
    }

    /**
     * @return whether creating an index failed because one with the same name or keys but other options exists
     */
    public static boolean isIndexConflict(Throwable error) {
        return error instanceof MongoException mongo
                && (mongo.getCode() == INDEX_OPTIONS_CONFLICT || mongo.getCode() == INDEX_KEY_SPECS_CONFLICT);
    }

    /**
     * @return whether a document exceeded MongoDB's 16 MB limit
     */
    public static boolean isDocumentTooLarge(Throwable error) {
        return error instanceof BsonMaximumSizeExceededException
                || error instanceof MongoException mongo && mongo.getCode() == DOCUMENT_TOO_LARGE;
    }
}
