package dev.cairn.testing;

import org.bson.Document;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The read model a {@link ProjectionFixture} built, for expectations (documents without Cairn's bookkeeping).
 */
public final class ProjectionResult {

    private final String projection;
    private final Map<String, List<Document>> documents;

    ProjectionResult(String projection, Map<String, List<Document>> documents) {
        this.projection = projection;
        this.documents = Map.copyOf(documents);
    }

    /** Asserts that {@code collection} holds document {@code id} and hands it to {@code expectations}. */
    public ProjectionResult expectDocument(String collection, Object id, Consumer<Document> expectations) {
        Document document = documents(collection).stream().filter(d -> Objects.equals(d.get("_id"), id)).findFirst()
                                                 .orElseThrow(() -> new AssertionError(
                                                         "Projection [" + projection + "] wrote no document [" + id
                                                                 + "] in collection [" + collection + "]; it holds "
                                                                 + documents(collection)));
        expectations.accept(document);
        return this;
    }

    /** Asserts that {@code collection} holds no document {@code id}. */
    public ProjectionResult expectNoDocument(String collection, Object id) {
        if (documents(collection).stream().anyMatch(d -> Objects.equals(d.get("_id"), id))) {
            throw new AssertionError("Projection [" + projection + "] wrote document [" + id + "] in collection ["
                                             + collection + "]");
        }
        return this;
    }

    /** Asserts how many documents {@code collection} holds. */
    public ProjectionResult expectDocumentCount(String collection, int count) {
        int actual = documents(collection).size();
        if (actual != count) {
            throw new AssertionError("Projection [" + projection + "] wrote " + actual + " documents in collection ["
                                             + collection + "], expected " + count + ": " + documents(collection));
        }
        return this;
    }

    /** @return the documents of {@code collection}, by {@code _id} */
    public List<Document> documents(String collection) {
        List<Document> owned = documents.get(collection);
        if (owned == null) {
            throw new IllegalArgumentException("Projection [" + projection + "] does not own collection ["
                                                       + collection + "]; it owns " + documents.keySet());
        }
        return owned;
    }
}
