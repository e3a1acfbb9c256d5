package dev.cairn.relay.internal.inbox;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import org.bson.Document;

import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;

/**
 * An inbox's own storage (ADR 86): per partition the highest offset whose command completed, in
 * {@value #POSITIONS}; the parked records by key, in {@value #PARKED}; the inbox itself (topic, last error) in
 * {@value #INBOXES}.
 */
public final class InboxStore {

    public static final String POSITIONS = "cairn_inbox_positions";
    public static final String PARKED = "cairn_inbox_parked";
    public static final String INBOXES = "cairn_inboxes";

    private final MongoCollection<Document> positions;
    private final MongoCollection<Document> parked;
    private final MongoCollection<Document> inboxes;

    public InboxStore(MongoDatabase database) {
        this.positions = database.getCollection(POSITIONS);
        this.parked = database.getCollection(PARKED);
        this.inboxes = database.getCollection(INBOXES);
    }

    public void register(String inbox, String topic) {
        inboxes.updateOne(eq("_id", inbox), Updates.set("topic", topic), new UpdateOptions().upsert(true));
    }

    /** @return the highest completed offset of {@code partition}, {@code -1} when none */
    public long position(String inbox, String topic, int partition) {
        Document document = positions.find(eq("_id", positionId(inbox, topic, partition))).first();
        return document == null ? -1 : document.getLong("offset");
    }

    /** @return the highest completed offset per partition of the inbox's topic */
    public Map<Integer, Long> positions(String inbox) {
        Map<Integer, Long> all = new HashMap<>();
        positions.find(eq("inbox", inbox)).forEach(d -> all.put(d.getInteger("partition"), d.getLong("offset")));
        return all;
    }

    /** Records that the command of {@code offset} completed (or its record was parked): never moves back. */
    public void completed(String inbox, String topic, int partition, long offset) {
        positions.updateOne(eq("_id", positionId(inbox, topic, partition)),
                            Updates.combine(Updates.max("offset", offset), Updates.set("inbox", inbox),
                                            Updates.set("topic", topic), Updates.set("partition", partition)),
                            new UpdateOptions().upsert(true));
    }

    /** @return whether records of {@code key} are parked: a later record of the key waits behind them */
    public boolean parked(String inbox, String key) {
        return parked.countDocuments(and(eq("inbox", inbox), eq("key", key))) > 0;
    }

    /** Parks a record that failed (or waits behind one that did), with why. */
    public void park(String inbox, String key, String topic, int partition, long offset, String error) {
        parked.insertOne(new Document("inbox", inbox).append("key", key).append("topic", topic)
                                                     .append("partition", partition).append("offset", offset)
                                                     .append("error", error).append("parkedAt", new Date()));
    }

    /** @return the parked records of {@code inbox}, oldest first */
    public List<Document> parked(String inbox) {
        return parked.find(eq("inbox", inbox)).sort(new Document("partition", 1).append("offset", 1))
                     .into(new java.util.ArrayList<>());
    }

    public long parkedCount(String inbox) {
        return parked.countDocuments(eq("inbox", inbox));
    }

    public void error(String inbox, String message, Instant at) {
        inboxes.updateOne(eq("_id", inbox), Updates.combine(Updates.set("lastError", message),
                                                            Updates.set("lastErrorAt", Date.from(at))));
    }

    /** @return the stored inbox documents, by name */
    public List<Document> inboxes() {
        return inboxes.find().sort(new Document("_id", 1)).into(new java.util.ArrayList<>());
    }

    static String positionId(String inbox, String topic, int partition) {
        return inbox + "/" + topic + "/" + partition;
    }

}
