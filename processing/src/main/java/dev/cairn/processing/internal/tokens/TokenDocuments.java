package dev.cairn.processing.internal.tokens;

import dev.cairn.eventstore.mongo.AllowedTypes;
import dev.cairn.eventstore.mongo.support.StoredJson;
import dev.cairn.eventstore.mongo.support.StoredJsonFormat;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.MergedTrackingToken;
import org.axonframework.eventhandling.ReplayToken;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.BsonInt64;
import org.bson.BsonNull;
import org.bson.BsonString;
import org.bson.BsonValue;

import java.util.ArrayList;
import java.util.List;

/**
 * Tracking tokens as readable BSON, so an operator sees a projection's position in mongosh:
 * <pre>
 * { type: "gapAware", index: 41, gaps: [38, 40] }
 * { type: "globalSequence", index: 41 }
 * { type: "replay", tokenAtReset: {..}, currentToken: {..} | null, context: {..}, contextType: "java.lang.String" }
 * { type: "merged", lower: {..}, upper: {..} }
 * { type: "serialized", tokenType: "com.acme.MyToken", revision: null, json: {..} }   // any other token
 * </pre>
 * A {@code serialized} token's type is resolved only within the allowed types, so a stored name never instantiates an
 * arbitrary class. A replay context and a serialized token keep the serializer's JSON by Cairn's one policy,
 * {@link StoredJson} (ADR 72), in format 1, which every release reads: a document when that is lossless and needs no
 * decimal128, otherwise the JSON string. Token documents carry no format field.
 */
public final class TokenDocuments {

    static final String TYPE = "type";
    private static final StoredJson STORED_JSON = StoredJson.writing(StoredJsonFormat.V1);

    private final Serializer serializer;
    private final AllowedTypes allowedTypes;

    public TokenDocuments(Serializer serializer, AllowedTypes allowedTypes) {
        this.serializer = serializer;
        this.allowedTypes = allowedTypes;
    }

    /**
     * @return the token as a document, or BSON null for a {@code null} token
     */
    public BsonValue write(TrackingToken token) {
        if (token == null) {
            return BsonNull.VALUE;
        }
        if (token instanceof GapAwareTrackingToken gapAware) {
            BsonArray gaps = new BsonArray();
            gapAware.getGaps().forEach(gap -> gaps.add(new BsonInt64(gap)));
            return new BsonDocument(TYPE, new BsonString("gapAware"))
                    .append("index", new BsonInt64(gapAware.getIndex())).append("gaps", gaps);
        }
        if (token instanceof GlobalSequenceTrackingToken global) {
            return new BsonDocument(TYPE, new BsonString("globalSequence"))
                    .append("index", new BsonInt64(global.getGlobalIndex()));
        }
        if (token instanceof ReplayToken replay) {
            BsonDocument document = new BsonDocument(TYPE, new BsonString("replay"))
                    .append("tokenAtReset", write(replay.getTokenAtReset()))
                    .append("currentToken", write(replay.getCurrentToken()));
            if (replay.context() != null) {
                SerializedObject<String> context = serializer.serialize(replay.context(), String.class);
                document.append("contextType", new BsonString(context.getType().getName()))
                        .append("context", STORED_JSON.toBson(context.getData()));
            }
            return document;
        }
        if (token instanceof MergedTrackingToken merged) {
            return new BsonDocument(TYPE, new BsonString("merged"))
                    .append("lower", write(merged.lowerSegmentToken()))
                    .append("upper", write(merged.upperSegmentToken()));
        }
        SerializedObject<String> serialized = serializer.serialize(token, String.class);
        BsonDocument document = new BsonDocument(TYPE, new BsonString("serialized"))
                .append("tokenType", new BsonString(serialized.getType().getName()))
                .append("json", STORED_JSON.toBson(serialized.getData()));
        if (serialized.getType().getRevision() != null) {
            document.append("revision", new BsonString(serialized.getType().getRevision()));
        }
        return document;
    }

    /**
     * @return the token a document holds; {@code null} for BSON null or a missing value
     * @throws IllegalArgumentException naming what is wrong with a document that holds no readable token
     */
    public TrackingToken read(BsonValue value) {
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isDocument()) {
            throw new IllegalArgumentException("a token must be a document, not " + value.getBsonType());
        }
        BsonDocument document = value.asDocument();
        String type = document.getString(TYPE, new BsonString("")).getValue();
        return switch (type) {
            case "gapAware" -> GapAwareTrackingToken.newInstance(document.getNumber("index").longValue(),
                                                                 longs(document.getArray("gaps")));
            case "globalSequence" -> new GlobalSequenceTrackingToken(document.getNumber("index").longValue());
            case "replay" -> replay(document);
            case "merged" -> new MergedTrackingToken(read(document.get("lower")), read(document.get("upper")));
            case "serialized" -> serialized(document);
            default -> throw new IllegalArgumentException("unknown token type [" + type + "]");
        };
    }

    private TrackingToken replay(BsonDocument document) {
        TrackingToken tokenAtReset = read(document.get("tokenAtReset"));
        TrackingToken currentToken = read(document.get("currentToken"));
        Object context = null;
        if (document.containsKey("contextType")) {
            context = deserialize(document.getString("contextType").getValue(), null, document.get("context"));
        }
        return ReplayToken.createReplayToken(tokenAtReset, currentToken, context);
    }

    private TrackingToken serialized(BsonDocument document) {
        String revision = document.containsKey("revision") ? document.getString("revision").getValue() : null;
        return deserialize(document.getString("tokenType").getValue(), revision, document.get("json"));
    }

    private <T> T deserialize(String typeName, String revision, BsonValue json) {
        if (!allowedTypes.allows(typeName)) {
            throw new IllegalArgumentException("type [" + typeName + "] is outside the allowed types; allow it on "
                                                       + "the token store builder (allowedTypes)");
        }
        return serializer.deserialize(new SimpleSerializedObject<>(StoredJson.toJson(json), String.class, typeName,
                                                                   revision));
    }

    private static List<Long> longs(BsonArray array) {
        List<Long> values = new ArrayList<>(array.size());
        array.forEach(value -> values.add(value.asNumber().longValue()));
        return values;
    }
}
