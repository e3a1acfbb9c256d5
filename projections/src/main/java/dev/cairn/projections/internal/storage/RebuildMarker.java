package dev.cairn.projections.internal.storage;

import org.bson.Document;

import java.time.Instant;
import java.util.Date;
import java.util.Objects;

/**
 * The stored marker of an in-place rebuild: its phase ({@link #RESETTING} until every token was reset, then
 * {@link #REPLAYING}), when and by whom it started, and the event store's head then.
 */
public record RebuildMarker(String phase, Instant startedAt, long head, String by) {

    public static final String RESETTING = "RESETTING";
    public static final String REPLAYING = "REPLAYING";

    public RebuildMarker {
        Objects.requireNonNull(phase, "phase");
        Objects.requireNonNull(startedAt, "startedAt");
    }

    public static RebuildMarker of(Document document) {
        Date startedAt = document.getDate("startedAt");
        Number head = document.get("head", Number.class);
        return new RebuildMarker(document.getString("phase"), startedAt == null ? Instant.EPOCH : startedAt.toInstant(),
                                 head == null ? 0 : head.longValue(), document.getString("by"));
    }

    public RebuildMarker phase(String next) {
        return new RebuildMarker(next, startedAt, head, by);
    }

    public Document toDocument() {
        return new Document("phase", phase).append("startedAt", Date.from(startedAt)).append("head", head)
                                           .append("by", by);
    }
}
