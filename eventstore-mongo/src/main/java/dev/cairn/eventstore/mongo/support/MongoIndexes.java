package dev.cairn.eventstore.mongo.support;

import com.mongodb.MongoCommandException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.IndexOptions;
import org.bson.BsonDocument;
import org.bson.BsonValue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Creates the indexes a Cairn collection needs, idempotently: an index that exists with the same definition is left
 * alone, a missing one is created, and one with a Cairn name but another definition (an older or hand-made index Cairn
 * would otherwise silently rely on) stops start-up with an {@link IndexConflictException}.
 */
public final class MongoIndexes {

    private MongoIndexes() {
    }

    /**
     * Ensures every index of {@code specs} exists on {@code collection} with exactly that definition.
     *
     * @throws IndexConflictException naming the collection and the index to drop when an index conflicts
     */
    public static void ensure(MongoCollection<?> collection, List<IndexSpec> specs) {
        Objects.requireNonNull(collection, "collection");
        String collectionName = collection.getNamespace().getCollectionName();
        Map<String, BsonDocument> existing = new HashMap<>();
        collection.listIndexes(BsonDocument.class)
                  .forEach(index -> existing.put(index.getString("name").getValue(), index));
        for (IndexSpec spec : specs) {
            BsonDocument current = existing.get(spec.name());
            if (current == null) {
                create(collection, collectionName, spec);
            } else if (!sameDefinition(current, spec)) {
                throw conflict(collectionName, spec, current.toJson(), null);
            }
        }
    }

    private static void create(MongoCollection<?> collection, String collectionName, IndexSpec spec) {
        IndexOptions options = new IndexOptions().name(spec.name()).unique(spec.unique()).sparse(spec.sparse());
        if (spec.expireAfter() != null) {
            options.expireAfter(spec.expireAfter().toSeconds(), TimeUnit.SECONDS);
        }
        try {
            collection.createIndex(spec.keys(), options);
        } catch (MongoCommandException e) {
            if (MongoErrors.isIndexConflict(e)) {
                throw conflict(collectionName, spec, "an index on the same keys with other options", e);
            }
            throw e;
        }
    }

    private static IndexConflictException conflict(String collectionName, IndexSpec spec, String found,
                                                   Throwable cause) {
        return new IndexConflictException(
                collectionName, spec.name(),
                "Collection [" + collectionName + "] has index [" + spec.name() + "] defined as " + found
                        + ", but Cairn needs " + spec.describe() + ". Drop it (db." + collectionName
                        + ".dropIndex(\"" + spec.name() + "\")) and restart; Cairn recreates it.", cause);
    }

    private static boolean sameDefinition(BsonDocument index, IndexSpec spec) {
        return sameKeys(index.getDocument("key"), spec.keys())
                && flag(index, "unique") == spec.unique()
                && flag(index, "sparse") == spec.sparse()
                && sameExpiry(index.get("expireAfterSeconds"), spec);
    }

    private static boolean sameExpiry(BsonValue expireAfterSeconds, IndexSpec spec) {
        if (spec.expireAfter() == null) {
            return expireAfterSeconds == null;
        }
        return expireAfterSeconds != null && expireAfterSeconds.isNumber()
                && expireAfterSeconds.asNumber().longValue() == spec.expireAfter().toSeconds();
    }

    private static boolean sameKeys(BsonDocument actual, BsonDocument expected) {
        if (!List.copyOf(actual.keySet()).equals(List.copyOf(expected.keySet()))) {
            return false;
        }
        for (String field : expected.keySet()) {
            BsonValue a = actual.get(field);
            BsonValue e = expected.get(field);
            boolean sameNumber = a.isNumber() && e.isNumber()
                    && a.asNumber().doubleValue() == e.asNumber().doubleValue();
            if (!sameNumber && !a.equals(e)) {
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
