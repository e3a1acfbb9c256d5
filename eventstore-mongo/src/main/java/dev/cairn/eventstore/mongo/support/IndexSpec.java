package dev.cairn.eventstore.mongo.support;

import org.bson.BsonDocument;
import org.bson.BsonInt32;

import java.time.Duration;
import java.util.Objects;

/**
 * One index a Cairn collection needs, as an immutable value.
 *
 * @param name        the index name; Cairn's start with {@code cairn_}
 * @param keys        the key document, e.g. {@code {streamKeys: 1}}
 * @param unique      whether the index enforces uniqueness
 * @param sparse      whether documents without the key are left out (so they never collide on a missing key)
 * @param expireAfter for a TTL index, how long after the date in its single key a document is removed; {@code null}
 *                    otherwise
 */
public record IndexSpec(String name, BsonDocument keys, boolean unique, boolean sparse, Duration expireAfter) {

    public IndexSpec {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("An index name may not be null or blank");
        }
        Objects.requireNonNull(keys, "The keys of index [" + name + "] may not be null");
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("Index [" + name + "] needs at least one key");
        }
        keys = keys.clone();
        if (expireAfter != null && (expireAfter.isNegative() || keys.size() != 1)) {
            throw new IllegalArgumentException("TTL index [" + name + "] needs one key and a non-negative expiry");
        }
    }

    /**
     * @return a plain index on the given fields, ascending, in that order
     */
    public static IndexSpec ascending(String name, String... fields) {
        BsonDocument keys = new BsonDocument();
        for (String field : fields) {
            keys.append(field, new BsonInt32(1));
        }
        return new IndexSpec(name, keys, false, false, null);
    }

    /**
     * @return this index, enforcing uniqueness
     */
    public IndexSpec asUnique() {
        return new IndexSpec(name, keys, true, sparse, expireAfter);
    }

    /**
     * @return this index, leaving out documents without its keys
     */
    public IndexSpec asSparse() {
        return new IndexSpec(name, keys, unique, true, expireAfter);
    }

    /**
     * @return this index as a TTL index: documents are removed {@code expireAfter} after the date in its key
     */
    public IndexSpec expiringAfter(Duration expireAfter) {
        return new IndexSpec(name, keys, unique, sparse, Objects.requireNonNull(expireAfter, "expireAfter"));
    }

    @Override
    public BsonDocument keys() {
        return keys.clone();
    }

    /**
     * @return the definition in words, for error messages
     */
    public String describe() {
        return keys.toJson() + (unique ? " unique" : "") + (sparse ? " sparse" : "")
                + (expireAfter != null ? " expireAfterSeconds " + expireAfter.toSeconds() : "");
    }
}
