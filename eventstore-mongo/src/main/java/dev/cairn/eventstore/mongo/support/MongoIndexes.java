package dev.cairn.eventstore.mongo.support;

import com.mongodb.MongoCommandException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.IndexOptions;
import org.bson.BsonDocument;
import org.bson.BsonValue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Creates or checks the indexes a Cairn collection needs. {@link #ensure} is idempotent: an index that exists with the
 * same definition is left alone, a missing one is created, and one with a Cairn name but another definition (an older
 * or hand-made index Cairn would otherwise silently rely on) stops start-up with an {@link IndexConflictException}.
 * {@link #verify} is the same check for a user who may not create indexes: it never sends {@code createIndexes} and
 * stops at the first missing index with a {@link MissingIndexException} (ADR 18).
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
        Map<String, BsonDocument> existing = existing(collection);
        for (IndexSpec spec : specs) {
            BsonDocument current = existing.get(spec.name());
            if (current == null) {
                create(collection, collectionName, spec);
            } else if (!sameDefinition(current, spec)) {
                throw conflict(collectionName, spec, current.toJson(), null, true);
            }
        }
    }

    /**
     * Checks that every index of {@code specs} exists on {@code collection} with exactly that definition, without
     * creating any: for an application whose user may not create indexes.
     *
     * @throws MissingIndexException  naming collection, index and keys at the first missing index
     * @throws IndexConflictException naming the collection and the index to drop when an index conflicts
     */
    public static void verify(MongoCollection<?> collection, List<IndexSpec> specs) {
        Objects.requireNonNull(collection, "collection");
        for (IndexProblem problem : problems(collection, specs)) {
            if (problem.missing()) {
                throw missing(problem);
            }
            throw conflict(problem.collection(), problem.index(), problem.found(), null, false);
        }
    }

    /**
     * {@link #ensure} when {@code create} is set, else {@link #verify}: what a component does at start-up with its
     * builder's {@code indexCreation} option.
     */
    public static void prepare(MongoCollection<?> collection, List<IndexSpec> specs, boolean create) {
        if (create) {
            ensure(collection, specs);
        } else {
            verify(collection, specs);
        }
    }

    /**
     * @return the indexes of {@code specs} that {@code collection} lacks or has with another definition, in the order
     * of {@code specs}; empty when all are present (a collection that does not exist lacks them all)
     */
    public static List<IndexProblem> problems(MongoCollection<?> collection, List<IndexSpec> specs) {
        String collectionName = collection.getNamespace().getCollectionName();
        Map<String, BsonDocument> existing = existing(collection);
        List<IndexProblem> problems = new ArrayList<>();
        for (IndexSpec spec : specs) {
            BsonDocument current = existing.get(spec.name());
            if (current == null) {
                problems.add(new IndexProblem(collectionName, spec, null));
            } else if (!sameDefinition(current, spec)) {
                problems.add(new IndexProblem(collectionName, spec, current.toJson()));
            }
        }
        return problems;
    }

    private static Map<String, BsonDocument> existing(MongoCollection<?> collection) {
        Map<String, BsonDocument> existing = new HashMap<>();
        collection.listIndexes(BsonDocument.class)
                  .forEach(index -> existing.put(index.getString("name").getValue(), index));
        return existing;
    }

    private static MissingIndexException missing(IndexProblem problem) {
        String collection = problem.collection();
        IndexSpec spec = problem.index();
        return new MissingIndexException(
                collection, spec.name(),
                "Collection [" + collection + "] lacks index [" + spec.name() + "] " + spec.describe()
                        + ", and index creation is off. Create Cairn's indexes with './cairn indexes ensure' as a "
                        + "user holding createIndex on this database, or start once with indexCreation(true).");
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
                throw conflict(collectionName, spec, "an index on the same keys with other options", e, true);
            }
            throw e;
        }
    }

    private static IndexConflictException conflict(String collectionName, IndexSpec spec, String found,
                                                   Throwable cause, boolean creating) {
        String drop = "Drop it (db." + collectionName + ".dropIndex(\"" + spec.name() + "\")) and ";
        return new IndexConflictException(
                collectionName, spec.name(),
                "Collection [" + collectionName + "] has index [" + spec.name() + "] defined as " + found
                        + ", but Cairn needs " + spec.describe() + ". " + drop
                        + (creating ? "restart; Cairn recreates it." : "run './cairn indexes ensure'."), cause);
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
