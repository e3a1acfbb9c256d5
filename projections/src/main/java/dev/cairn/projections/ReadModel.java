package dev.cairn.projections;

import com.mongodb.client.MongoDatabase;
import org.axonframework.eventhandling.TrackingToken;
import org.bson.Document;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The read model of one projection: the collections it owns, written idempotently through
 * {@link ReadModelCollection}. An event handler of the projection receives it as a parameter:
 * <pre>
 * &#64;EventHandler
 * void on(MoneyDeposited event, ReadModel readModel) {
 *     readModel.collection("balances").update(event.accountId(), Updates.inc("balance", event.amount()));
 * }
 * </pre>
 * A reset of the projection empties exactly these collections (documents deleted, indexes kept).
 */
public final class ReadModel {

    private final String projection;
    private final Map<String, ReadModelCollection> collections = new LinkedHashMap<>();

    /**
     * @return the read model of {@code projection}, owning {@code collectionNames} in {@code database}; projections
     * registered with {@link CairnProjections} get theirs as an event-handler parameter
     */
    public static ReadModel of(String projection, MongoDatabase database, List<String> collectionNames) {
        return new ReadModel(projection, database, collectionNames);
    }

    private ReadModel(String projection, MongoDatabase database, List<String> collectionNames) {
        this.projection = projection;
        for (String name : collectionNames) {
            collections.put(name, new ReadModelCollection(database.getCollection(name, Document.class), projection));
        }
    }

    /**
     * @return the owned collection {@code name}
     * @throws IllegalArgumentException naming the projection and its collections when it does not own {@code name}
     */
    public ReadModelCollection collection(String name) {
        ReadModelCollection collection = collections.get(name);
        if (collection == null) {
            throw new IllegalArgumentException("Projection [" + projection + "] does not own collection [" + name
                                                       + "]; it owns " + collections.keySet()
                                                       + " (declare collections with ProjectionOptions.owns)");
        }
        return collection;
    }

    /** @return the projection's name (its processing group) */
    public String projection() {
        return projection;
    }

    /** @return the names of the collections the projection owns */
    public List<String> collectionNames() {
        return List.copyOf(collections.keySet());
    }

    /**
     * Removes markers that no segment needs any more: the segment that wrote one has stored a token past its event.
     * Run when a node starts the projection, for markers a node left when it died right after storing a token.
     *
     * @param segmentTokens the projection's stored token of each segment, by segment id
     *
     * @return the number of markers removed
     */
    public long sweepMarkers(Map<Integer, TrackingToken> segmentTokens) {
        long removed = 0;
        for (ReadModelCollection collection : collections.values()) {
            removed += collection.sweepMarkers(segmentTokens);
        }
        return removed;
    }

    /**
     * Deletes every document of every owned collection, keeping collections and indexes.
     *
     * @return the number of documents deleted
     */
    public long clear() {
        long deleted = 0;
        for (ReadModelCollection collection : collections.values()) {
            deleted += collection.clear();
        }
        return deleted;
    }
}
