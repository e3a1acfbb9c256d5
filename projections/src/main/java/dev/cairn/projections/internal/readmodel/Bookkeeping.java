package dev.cairn.projections.internal.readmodel;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Projections;
import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.BsonValue;
import org.bson.Document;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the bookkeeping ({@code _cairn}) of the documents a batch writes: one query per collection and up to
 * {@value #CHUNK} documents, on {@code _id} alone, which every server answers from the {@code _id} index.
 */
final class Bookkeeping {

    private static final int CHUNK = 1_000;
    private static final String FIELD = "_cairn";

    private Bookkeeping() {
    }

    /** @return per id given, the document's {@code _cairn} sub-document; ids of absent documents are left out */
    static Map<Object, BsonDocument> read(MongoCollection<Document> collection, Collection<Object> ids) {
        // ids compared as the server returns them: encoded with the collection's codecs
        Map<BsonValue, Object> byEncoded = new HashMap<>();
        for (Object id : ids) {
            byEncoded.put(new Document("_id", id).toBsonDocument(BsonDocument.class, collection.getCodecRegistry())
                                                 .get("_id"), id);
        }
        List<BsonValue> encoded = new ArrayList<>(byEncoded.keySet());
        Map<Object, BsonDocument> result = new HashMap<>();
        for (int from = 0; from < encoded.size(); from += CHUNK) {
            BsonArray chunk = new BsonArray(encoded.subList(from, Math.min(encoded.size(), from + CHUNK)));
            for (BsonDocument document : collection.withDocumentClass(BsonDocument.class)
                                                   .find(new BsonDocument("_id", new BsonDocument("$in", chunk)))
                                                   .projection(Projections.include(FIELD))) {
                Object id = byEncoded.get(document.get("_id"));
                BsonValue bookkeeping = document.get(FIELD);
                if (id != null && bookkeeping != null && bookkeeping.isDocument()) {
                    result.put(id, bookkeeping.asDocument());
                }
            }
        }
        return result;
    }
}
