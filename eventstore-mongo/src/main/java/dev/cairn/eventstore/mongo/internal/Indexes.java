package dev.cairn.eventstore.mongo.internal;

import com.mongodb.MongoCommandException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.IndexOptions;
import org.axonframework.eventsourcing.eventstore.EventStoreException;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonValue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Creates the indexes a collection needs, idempotently, and refuses to start next to an index that has one of their
 * names but another definition (an older or hand-made index Cairn would otherwise silently rely on).
 */
public final class Indexes {

    /**
     * One index Cairn needs.
     *
     * @param name   the index name, prefixed {@code cairn_}
     * @param keys   the key document, e.g. {@code {streamKeys: 1}}
     * @param unique whether the index enforces uniqueness
     * @param sparse whether documents without the field are left out (so they never collide on a missing key)
     */
    public record Spec(String name, BsonDocument keys, boolean unique, boolean sparse) {

        public static Spec ascending(String name, String field, boolean unique, boolean sparse) {
            return new Spec(name, new BsonDocument(field, new BsonInt32(1)), unique, sparse);
        }

        String describe() {
            return keys.toJson() + (unique ? " unique" : "") + (sparse ? " sparse" : "");
        }
    }

    private Indexes() {
    }

    /**
     * Ensures every index of {@code specs} exists on {@code collection} with exactly that definition.
     *
     * @throws EventStoreException naming the collection and the index to drop when an index conflicts
     */
    public static void ensure(MongoCollection<BsonDocument> collection, List<Spec> specs) {
        String collectionName = collection.getNamespace().getCollectionName();
        Map<String, BsonDocument> existing = new HashMap<>();
        collection.listIndexes(BsonDocument.class).forEach(index -> existing.put(index.getString("name").getValue(), index));
        for (Spec spec : specs) {
            BsonDocument current = existing.get(spec.name());
            if (current == null) {
                create(collection, collectionName, spec);
            } else if (!sameDefinition(current, spec)) {
                throw new EventStoreException(conflict(collectionName, spec, current.toJson()));
            }
        }
    }

    private static void create(MongoCollection<BsonDocument> collection, String collectionName, Spec spec) {
        try {
            collection.createIndex(spec.keys(), new IndexOptions().name(spec.name())
                                                                   .unique(spec.unique())
                                                                   .sparse(spec.sparse()));
        } catch (MongoCommandException e) {
            if (MongoErrors.isIndexConflict(e)) {
                throw new EventStoreException(conflict(collectionName, spec, "an index on the same keys"), e);
            }
            throw e;
        }
    }

    private static String conflict(String collectionName, Spec spec, String found) {
        return "Collection [" + collectionName + "] has index [" + spec.name() + "] defined as " + found
                + ", but Cairn needs " + spec.describe() + ". Drop it (db." + collectionName + ".dropIndex(\""
                + spec.name() + "\")) and restart; Cairn recreates it.";
    }

    private static boolean sameDefinition(BsonDocument index, Spec spec) {
        return sameKeys(index.getDocument("key"), spec.keys())
                && flag(index, "unique") == spec.unique()
                && flag(index, "sparse") == spec.sparse();
    }

    private static boolean sameKeys(BsonDocument actual, BsonDocument expected) {
        if (!actual.keySet().stream().toList().equals(expected.keySet().stream().toList())) {
            return false;
        }
        for (String field : expected.keySet()) {
            BsonValue a = actual.get(field);
            BsonValue e = expected.get(field);
            if (!(a.isNumber() && e.isNumber() && a.asNumber().doubleValue() == e.asNumber().doubleValue())
                    && !a.equals(e)) {
                return false;
            }
        }
        return true;
    }

    private static boolean flag(BsonDocument index, String name) {
        BsonValue value = index.get(name);
        return value != null && (value.isBoolean() ? value.asBoolean().getValue()
                : value.isNumber() && value.asNumber().intValue() != 0);
    }
}
