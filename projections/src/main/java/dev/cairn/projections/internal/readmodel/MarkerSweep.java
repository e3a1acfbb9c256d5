package dev.cairn.projections.internal.readmodel;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.WriteModel;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.WrappedToken;
import org.bson.BsonDocument;
import org.bson.BsonValue;
import org.bson.Document;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Removes markers left by a node that died after its batch's token was stored but before the batch's markers were
 * removed. A marker is stale once every segment's stored token has processed its event's position: no segment will
 * deliver that event again. Markers of events a token still lists as a gap, or beyond a token, stay.
 */
public final class MarkerSweep {

    private MarkerSweep() {
    }

    /**
     * @return the number of markers removed from {@code collection}
     */
    public static long sweep(MongoCollection<Document> collection, Map<Integer, TrackingToken> segmentTokens) {
        if (segmentTokens.isEmpty()) {
            return 0;
        }
        List<WriteModel<Document>> removals = new ArrayList<>();
        long removed = 0;
        for (BsonDocument document : collection.withDocumentClass(BsonDocument.class)
                                               .find(Filters.exists("_cairn.pending"))
                                               .projection(Projections.include("_cairn.pending"))) {
            BsonDocument pending = document.getDocument("_cairn").getDocument("pending");
            Document unset = new Document();
            for (String event : pending.keySet()) {
                if (stale(pending.get(event), segmentTokens)) {
                    unset.append("_cairn.pending." + event, "");
                }
            }
            if (!unset.isEmpty()) {
                removals.add(new UpdateOneModel<>(new Document("_id", document.get("_id")), new Document("$unset",
                                                                                                         unset)));
                removed += unset.size();
            }
        }
        if (!removals.isEmpty()) {
            collection.bulkWrite(removals);
        }
        return removed;
    }

    /**
     * A marker is stale when the segment that wrote it has stored a token past its event; when that segment is unknown
     * (or was split or merged since), when every segment has.
     */
    private static boolean stale(BsonValue marker, Map<Integer, TrackingToken> tokens) {
        if (marker.isDocument() && marker.asDocument().isNumber("p")) {
            long position = marker.asDocument().getNumber("p").longValue();
            BsonValue segment = marker.asDocument().get("s");
            if (segment != null && segment.isInt32() && tokens.containsKey(segment.asInt32().getValue())) {
                return processed(tokens.get(segment.asInt32().getValue()), position);
            }
            return tokens.values().stream().allMatch(token -> processed(token, position));
        }
        return marker.isNumber()
                && tokens.values().stream().allMatch(token -> processed(token, marker.asNumber().longValue()));
    }

    private static boolean processed(TrackingToken token, long position) {
        TrackingToken reached = token == null ? null : WrappedToken.unwrapLowerBound(token);
        return reached instanceof GapAwareTrackingToken gapAware
                ? gapAware.getIndex() >= position && !gapAware.getGaps().contains(position)
                : reached != null && reached.position().orElse(-1) >= position;
    }
}
