package dev.cairn.projections;

import com.mongodb.client.MongoDatabase;
import dev.cairn.processing.ProcessorNames;
import org.axonframework.eventhandling.TrackingToken;
import org.bson.Document;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntSupplier;

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
 * <p>
 * After blue/green rebuilds a projection has versions (ADR 42), each with its own collections: the read model that
 * {@link CairnProjections#readModel(String)} returns resolves the version readers use on every {@link #collection}
 * call, so a query reads one version, and follows a switch within the nodes' polling bound; the one handlers receive
 * writes to the version their processor runs.
 */
public final class ReadModel {

    private final String projection;
    private final MongoDatabase database;
    private final List<String> collectionNames;
    private final IntSupplier version;
    private final boolean indexCreation;
    private final Map<String, ReadModelCollection> collections = new ConcurrentHashMap<>();

    /**
     * @return the read model of {@code projection}, owning {@code collectionNames} in {@code database}; projections
     * registered with {@link CairnProjections} get theirs as an event-handler parameter
     */
    public static ReadModel of(String projection, MongoDatabase database, List<String> collectionNames) {
        return new ReadModel(projection, database, collectionNames, () -> 1, true);
    }

    /**
     * @return the read model of {@code projection} whose collections are those of the version {@code version} names
     * at each call
     */
    public static ReadModel of(String projection, MongoDatabase database, List<String> collectionNames,
                               IntSupplier version) {
        return new ReadModel(projection, database, collectionNames, version, true);
    }

    /**
     * @return the read model of {@code projection} whose collections are those of the version {@code version} names
     * at each call; with {@code indexCreation} off, {@link ReadModelCollection#ensureIndexes} only checks indexes
     */
    public static ReadModel of(String projection, MongoDatabase database, List<String> collectionNames,
                               IntSupplier version, boolean indexCreation) {
        return new ReadModel(projection, database, collectionNames, version, indexCreation);
    }

    private ReadModel(String projection, MongoDatabase database, List<String> collectionNames, IntSupplier version,
                      boolean indexCreation) {
        this.projection = projection;
        this.database = database;
        this.collectionNames = List.copyOf(collectionNames);
        this.version = version;
        this.indexCreation = indexCreation;
    }

    /**
     * @return the owned collection {@code name}
     * @throws IllegalArgumentException naming the projection and its collections when it does not own {@code name}
     */
    public ReadModelCollection collection(String name) {
        if (!collectionNames.contains(name)) {
            throw new IllegalArgumentException("Projection [" + projection + "] does not own collection [" + name
                                                       + "]; it owns " + collectionNames
                                                       + " (declare collections with ProjectionOptions.owns)");
        }
        String physical = ProcessorNames.collection(name, version.getAsInt());
        return collections.computeIfAbsent(physical, n -> new ReadModelCollection(
                database.getCollection(n, Document.class), projection, indexCreation));
    }

    /** @return the projection's name (its processing group) */
    public String projection() {
        return projection;
    }

    /** @return the names of the collections the projection owns (as declared, whatever the version) */
    public List<String> collectionNames() {
        return collectionNames;
    }

    /** @return the version whose collections this read model uses now */
    public int version() {
        return version.getAsInt();
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
        for (String name : collectionNames) {
            removed += collection(name).sweepMarkers(segmentTokens);
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
        for (String name : collectionNames) {
            deleted += collection(name).clear();
        }
        return deleted;
    }
}
