package dev.cairn.eventstore.mongo.support;

/**
 * A collection lacks an index Cairn needs, and index creation is off (the application's user may not create
 * indexes), so Cairn refuses to start rather than run without it. The message names the collection, the index and
 * its keys, and the two ways to fix it: {@code cairn indexes ensure} by a user holding {@code createIndex}, or
 * index creation switched on.
 */
public class MissingIndexException extends RuntimeException {

    private final String collectionName;
    private final String indexName;

    public MissingIndexException(String collectionName, String indexName, String message) {
        super(message);
        this.collectionName = collectionName;
        this.indexName = indexName;
    }

    /** @return the collection lacking the index */
    public String collectionName() {
        return collectionName;
    }

    /** @return the name of the missing index */
    public String indexName() {
        return indexName;
    }
}
