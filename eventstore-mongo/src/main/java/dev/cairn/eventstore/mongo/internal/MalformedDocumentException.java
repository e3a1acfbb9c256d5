package dev.cairn.eventstore.mongo.internal;

/**
 * A stored document lacks a field Cairn needs or holds it with the wrong type. The engine adds the collection and
 * {@code _id} before it reaches users as an {@code EventStoreException}.
 */
final class MalformedDocumentException extends RuntimeException {

    public MalformedDocumentException(String field, String problem) {
        super("field [" + field + "] " + problem);
    }
}
