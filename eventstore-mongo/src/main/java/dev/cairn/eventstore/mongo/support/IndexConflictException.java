package dev.cairn.eventstore.mongo.support;

/**
 * A collection has an index with one of Cairn's index names (or keys) but another definition, so Cairn refuses to
 * start rather than rely on it. The message names the collection, the index, both definitions and the command that
 * drops it.
 */
public class IndexConflictException extends RuntimeException {

    private final String collectionName;
    private final String indexName;

    public IndexConflictException(String collectionName, String indexName, String message, Throwable cause) {
        super(message, cause);
        this.collectionName = collectionName;
        this.indexName = indexName;
    }

    /** @return the collection holding the conflicting index */
    public String collectionName() {
        return collectionName;
    }

    /** @return the name of the index Cairn needs */
    public String indexName() {
        return indexName;
    }
}
