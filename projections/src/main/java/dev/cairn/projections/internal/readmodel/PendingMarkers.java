package dev.cairn.projections.internal.readmodel;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.WriteModel;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.bson.BsonDocument;
import org.bson.BsonValue;
import org.bson.Document;
import org.bson.codecs.configuration.CodecRegistry;
import org.bson.conversions.Bson;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The markers that make read-model writes idempotent: {@code _cairn.pending.<eventId>~<payloadType>} set in the same
 * write as the update, and removed, one bulk write per collection, after the unit of work that stored the batch's
 * token has committed (ADR 40).
 */
public final class PendingMarkers {

    static final String PREFIX = "_cairn.pending.";
    private static final BulkWriteOptions UNORDERED = new BulkWriteOptions().ordered(false);

    private PendingMarkers() {
    }

    /**
     * @return the marker field of an event: its identifier and payload type, because the events an upcaster splits
     * one stored event into share its identifier; dots and dollars of custom identifiers are escaped
     */
    public static String field(String eventIdentifier, String payloadType) {
        String key = eventIdentifier + "~" + payloadType;
        return PREFIX + key.replace("%", "%25").replace(".", "%2E").replace("$", "%24");
    }

    /**
     * @return {@code update} as one update document that also sets the marker
     * @throws IllegalArgumentException when the update is an aggregation pipeline or already writes the marker field
     */
    public static BsonDocument withMarker(Bson update, String marker, BsonValue position) {
        BsonDocument document = operators(update).clone();
        BsonDocument set = document.containsKey("$set") ? document.getDocument("$set") : new BsonDocument();
        set.put(marker, position);
        document.put("$set", set);
        return document;
    }

    /**
     * @return {@code update} as an update document of operators, without copying it when the caller built it anew
     * (a {@link BsonDocument} passed in is copied: the caller may reuse it)
     * @throws IllegalArgumentException when the update is an aggregation pipeline or a replacement document
     */
    public static BsonDocument operators(Bson update) {
        BsonDocument document = update instanceof BsonDocument given
                ? given.clone() : update.toBsonDocument(BsonDocument.class, registry());
        for (String key : document.keySet()) {
            if (!key.startsWith("$")) {
                throw new IllegalArgumentException("A read-model update must use update operators ($set, $inc, ...), "
                                                           + "not a replacement document: " + document.toJson());
            }
        }
        return document;
    }

    /**
     * @return a marker's value: the event's global position and, inside a processor's batch, the segment that wrote
     * it ({@code {p: 41, s: 2}}), so that a marker left by a dead node can be recognised as stale from that segment's
     * token (the processor names the batch's segment in a unit-of-work resource, under Axon's key)
     */
    public static BsonValue value(BsonValue position, String processor) {
        Object segment = CurrentUnitOfWork.isStarted()
                ? CurrentUnitOfWork.get().root().getResource("Processor[" + processor + "]/SegmentId") : null;
        if (!(segment instanceof Integer id) || !position.isNumber()) {
            return position;
        }
        return new BsonDocument("p", position).append("s", new org.bson.BsonInt32(id));
    }

    /**
     * Removes the marker once the unit of work handling the event has committed, which is after the processor stored
     * the batch's token; markers of one batch and collection go in one bulk write.
     */
    public static void removeAfterTokenStored(MongoCollection<Document> collection, Object id, String marker) {
        if (!CurrentUnitOfWork.isStarted()) {
            return; // no processor batch: the marker stays until the projection is reset
        }
        UnitOfWork<?> unitOfWork = CurrentUnitOfWork.get().root();
        Map<String, Batch> batches = unitOfWork.getOrComputeResource(PendingMarkers.class.getName(), key -> {
            Map<String, Batch> created = new ConcurrentHashMap<>();
            unitOfWork.afterCommit(u -> created.values().forEach(Batch::remove));
            return created;
        });
        batches.computeIfAbsent(collection.getNamespace().getFullName(), name -> new Batch(collection))
               .add(id, marker);
    }

    private static CodecRegistry registry() {
        return com.mongodb.MongoClientSettings.getDefaultCodecRegistry();
    }

    /** A batch's markers in one collection, removed per document: a document is only touched for its own markers. */
    private static final class Batch {
        private final MongoCollection<Document> collection;
        private final Map<Object, Set<String>> markersById = new LinkedHashMap<>();

        private Batch(MongoCollection<Document> collection) {
            this.collection = collection;
        }

        private synchronized void add(Object id, String marker) {
            markersById.computeIfAbsent(id, key -> new LinkedHashSet<>()).add(marker);
        }

        /**
         * One bulk write; a document with many markers (a summary fed by every event of the batch) gets them removed in
         * chunks, because a server checks an update's paths against each other.
         */
        private synchronized void remove() {
            List<WriteModel<Document>> removals = new ArrayList<>();
            markersById.forEach((id, markers) -> {
                List<String> all = new ArrayList<>(markers);
                for (int from = 0; from < all.size(); from += WriteBatch.MAX_MERGED) {
                    Document unset = new Document();
                    all.subList(from, Math.min(all.size(), from + WriteBatch.MAX_MERGED))
                       .forEach(marker -> unset.append(marker, ""));
                    removals.add(new UpdateOneModel<>(Filters.eq("_id", id), new Document("$unset", unset)));
                }
            });
            if (!removals.isEmpty()) {
                collection.bulkWrite(removals, UNORDERED);
            }
        }
    }
}
