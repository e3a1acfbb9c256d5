package dev.cairn.snapshots.internal;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.bson.Document;

import java.util.Date;

/**
 * Keeps a background snapshotter's position: one document per snapshotter name holding its last processed tracking
 * token, serialized with the application's serializer.
 * <pre>
 * { _id: "cairn-background-snapshotter", tokenType, tokenRevision, token: "&lt;json&gt;", updatedAt }
 * </pre>
 */
public final class PositionStore {

    private final MongoCollection<Document> positions;
    private final Serializer serializer;

    public PositionStore(MongoCollection<Document> positions, Serializer serializer) {
        this.positions = positions;
        this.serializer = serializer;
    }

    /**
     * @return the saved token, {@code null} when this snapshotter never saved one
     */
    public TrackingToken load(String name) {
        Document document = positions.find(Filters.eq("_id", name)).first();
        if (document == null) {
            return null;
        }
        String token = document.getString("token");
        String type = document.getString("tokenType");
        if (token == null || type == null) {
            throw new IllegalStateException("Position document [" + name + "] in collection ["
                                                    + positions.getNamespace().getCollectionName()
                                                    + "] has no token or tokenType; delete it to start over");
        }
        return serializer.deserialize(new SimpleSerializedObject<>(token, String.class, type,
                                                                   document.getString("tokenRevision")));
    }

    public void save(String name, TrackingToken token) {
        SerializedObject<String> serialized = serializer.serialize(token, String.class);
        Document document = new Document("_id", name)
                .append("tokenType", serialized.getType().getName())
                .append("tokenRevision", serialized.getType().getRevision())
                .append("token", serialized.getData())
                .append("updatedAt", new Date());
        positions.replaceOne(Filters.eq("_id", name), document, new ReplaceOptions().upsert(true));
    }
}
