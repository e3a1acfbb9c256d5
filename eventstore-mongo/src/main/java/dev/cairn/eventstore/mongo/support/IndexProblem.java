package dev.cairn.eventstore.mongo.support;

import java.util.Objects;

/**
 * An index a collection should have but lacks, or has with another definition.
 *
 * @param collection the collection
 * @param index      the index Cairn needs
 * @param found      the definition found under the index's name (the server's index document as JSON), or
 *                   {@code null} when the index is missing
 */
public record IndexProblem(String collection, IndexSpec index, String found) {

    public IndexProblem {
        Objects.requireNonNull(collection, "collection");
        Objects.requireNonNull(index, "index");
    }

    /** @return whether the index is missing (rather than different) */
    public boolean missing() {
        return found == null;
    }

    /**
     * @return the problem in words, e.g. {@code collection [events]: index [cairn_timestamp] {"timestamp": 1} is
     * missing}
     */
    public String describe() {
        return "collection [" + collection + "]: index [" + index.name() + "] " + index.describe()
                + (missing() ? " is missing" : " is defined differently: found " + found);
    }
}
