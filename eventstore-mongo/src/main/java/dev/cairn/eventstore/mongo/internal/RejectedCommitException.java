package dev.cairn.eventstore.mongo.internal;

import com.mongodb.MongoException;

/**
 * The server rejected one commit document of a multi-document insert, with the given error code (the rest of the
 * insert is unaffected). Nothing of the commit was stored.
 */
final class RejectedCommitException extends MongoException {

    public RejectedCommitException(int code, String message, Throwable cause) {
        super(code, message, cause);
    }
}
