package dev.cairn.migration;

/**
 * The source is not an event store of Axon's Mongo extension: a collection is missing or a document lacks a field
 * the extension always writes. The message names the collection, the document and the field.
 */
public class NotAnAxonMongoStoreException extends RuntimeException {

    public NotAnAxonMongoStoreException(String message) {
        super(message);
    }
}
