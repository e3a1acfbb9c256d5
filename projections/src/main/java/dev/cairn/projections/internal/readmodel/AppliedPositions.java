package dev.cairn.projections.internal.readmodel;

import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.Segment;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.WrappedToken;
import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonInt64;
import org.bson.BsonValue;

import java.util.Map;
import java.util.Optional;

/**
 * Read-model document format 2 (ADR 89): what a document has had applied, per processor segment. A document a batch
 * writes gets, in that one write, {@code _cairn.s.<segment>_<mask>: {i: index, g: [gaps]}}: the gap-aware token the
 * batch's segment is about to store. It says "every event of this segment at a position this token covers, and
 * meant for this document, is applied to it": the batch applied its own, earlier batches the rest. A batch delivered
 * again after a crash skips the events a document's entries cover (and those whose format-1 marker it still carries)
 * and applies the others, in one write.
 * <p>
 * Entries are keyed by segment id <em>and</em> mask, so that after a split or merge the entries of the previous
 * segment layout still describe the events they covered: an event is judged by every entry whose segment contains the
 * event's sequence (Axon's {@link Segment#matches(int)} on the sequence identifier's hash).
 */
public final class AppliedPositions {

    /** The bookkeeping sub-document holding the entries. */
    static final String ENTRIES = "s";
    /** The read-model document format, written with every entry: 2 (format 1 is per-event markers only). */
    static final String FORMAT_FIELD = "_cairn.f";
    static final int FORMAT = 2;
    private static final String PENDING = "pending";

    private AppliedPositions() {
    }

    /** @return the gap-aware token a batch stores, as the entry it writes; empty for other kinds of token */
    static Optional<BsonDocument> entry(TrackingToken stored) {
        TrackingToken reached = stored == null ? null : WrappedToken.unwrapLowerBound(stored);
        if (!(reached instanceof GapAwareTrackingToken gapAware)) {
            return Optional.empty();
        }
        BsonArray gaps = new BsonArray();
        gapAware.getGaps().forEach(gap -> gaps.add(new BsonInt64(gap)));
        return Optional.of(new BsonDocument("i", new BsonInt64(gapAware.getIndex())).append("g", gaps));
    }

    /** @return the field of a segment's entry */
    static String field(Segment segment) {
        return "_cairn." + ENTRIES + "." + segment.getSegmentId() + "_" + segment.getMask();
    }

    /**
     * @param bookkeeping the document's {@code _cairn} sub-document, or {@code null}
     * @return whether {@code write}'s event was applied to the document before: a format-1 marker of it is there, or
     * an entry of a segment containing its sequence covers its position
     */
    static boolean applied(BsonDocument bookkeeping, WriteBatch.Write write) {
        if (bookkeeping == null) {
            return false;
        }
        BsonValue pending = bookkeeping.get(PENDING);
        if (pending != null && pending.isDocument()
                && pending.asDocument().containsKey(write.marker().substring(PendingMarkers.PREFIX.length()))) {
            return true;
        }
        BsonValue entries = bookkeeping.get(ENTRIES);
        if (entries == null || !entries.isDocument()) {
            return false;
        }
        for (Map.Entry<String, BsonValue> entry : entries.asDocument().entrySet()) {
            if (contains(entry.getKey(), write.sequenceHash()) && entry.getValue().isDocument()
                    && covers(entry.getValue().asDocument(), write.position())) {
                return true;
            }
        }
        return false;
    }

    /** @return {@code update} with the segment's entry and the format set */
    static BsonDocument withEntry(BsonDocument update, Segment segment, BsonDocument entry) {
        BsonDocument result = update.clone();
        BsonDocument set = result.containsKey("$set") ? result.getDocument("$set") : new BsonDocument();
        set.put(field(segment), entry);
        set.put(FORMAT_FIELD, new BsonInt32(FORMAT));
        result.put("$set", set);
        return result;
    }

    private static boolean covers(BsonDocument entry, long position) {
        BsonValue index = entry.get("i");
        if (index == null || !index.isNumber() || index.asNumber().longValue() < position) {
            return false;
        }
        BsonValue gaps = entry.get("g");
        return gaps == null || !gaps.isArray()
                || gaps.asArray().stream().noneMatch(gap -> gap.isNumber() && gap.asNumber().longValue() == position);
    }

    /** @return whether the segment an entry is keyed by ({@code <id>_<mask>}) contains sequences of this hash */
    private static boolean contains(String key, int sequenceHash) {
        int separator = key.indexOf('_');
        if (separator < 0) {
            return false;
        }
        try {
            int id = Integer.parseInt(key.substring(0, separator));
            int mask = Integer.parseInt(key.substring(separator + 1));
            return (mask & sequenceHash) == id; // as Axon's Segment.matches(int)
        } catch (NumberFormatException e) {
            return false; // not an entry this release wrote: it proves nothing
        }
    }
}
