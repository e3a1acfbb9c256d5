package dev.cairn.samples.demo;

import dev.cairn.projections.ReadModelCollection;
import org.bson.Document;

import java.util.Map;
import java.util.TreeMap;

/**
 * Compares a projection's collection with the documents recomputed from the events, field by field (numbers compared
 * as numbers, whatever their BSON type).
 */
final class ReadModelCheck {

    private ReadModelCheck() {
    }

    /** @return {@code null} when equal, else the first difference, naming the document */
    static String difference(ReadModelCollection actual, Map<Object, Map<String, Object>> expected) {
        Map<Object, Map<String, Object>> stored = new TreeMap<>();
        for (Document document : actual.findAll(new Document())) {
            Map<String, Object> fields = new TreeMap<>();
            document.forEach((key, value) -> {
                if (!"_id".equals(key)) {
                    fields.put(key, value instanceof Number number ? (Object) number.longValue() : value);
                }
            });
            stored.put(document.get("_id"), fields);
        }
        if (!stored.keySet().equals(expected.keySet())) {
            return "collection " + actual.name() + " holds " + stored.size() + " documents, the events make "
                    + expected.size();
        }
        for (Map.Entry<Object, Map<String, Object>> entry : expected.entrySet()) {
            Map<String, Object> found = stored.get(entry.getKey());
            if (!found.equals(entry.getValue())) {
                return "collection " + actual.name() + ", document " + entry.getKey() + ": " + found
                        + ", the events make " + entry.getValue();
            }
        }
        return null;
    }
}
