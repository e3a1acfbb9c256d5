package dev.cairn.projections;

import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where a projection stands, read from storage (tokens, the event store's head, dead letters), so any process can
 * report it.
 *
 * @param name                 the projection (processing group and processor) name
 * @param state                what it is doing
 * @param position             the global position every segment has reached (the lowest of the segments); {@code 0}
 *                             before the first event. For a source with parts ({@link SourceHeads}, e.g. every
 *                             tenant's stream): the sum over parts of the position every segment has reached there
 * @param head                 the event store's highest global position; for a source with parts, the sum of the
 *                             parts' heads
 * @param lagEvents            events stored after {@code position}: {@code head - position}
 * @param oldestUnprocessedAge how long ago the first event after {@code position} was stored; zero when caught up,
 *                             and not measured (zero) for a source with parts
 * @param segments             its segments, by identifier
 * @param deadLetters          letters parked in its dead-letter queue
 * @param lastError            the error its processor reports in this process, {@code null} when none
 * @param version              the version readers use: 1 until a blue/green rebuild switched to a later one
 * @param rebuild              the rebuild under way (in place, or the next version being built), {@code null} when
 *                             none
 * @param partLag              for a source with parts, each part's lag ({@code lagEvents} is their sum), by part;
 *                             empty for the application's event store
 */
public record ProjectionStatus(String name, ProjectionState state, long position, long head, long lagEvents,
                               Duration oldestUnprocessedAge, List<SegmentStatus> segments, long deadLetters,
                               String lastError, int version, RebuildProgress rebuild,
                               Map<String, Long> partLag) {

    public ProjectionStatus {
        segments = List.copyOf(segments);
        partLag = Collections.unmodifiableMap(new TreeMap<>(partLag));
    }

    /** A status of a projection reading the application's event store (no parts). */
    public ProjectionStatus(String name, ProjectionState state, long position, long head, long lagEvents,
                            Duration oldestUnprocessedAge, List<SegmentStatus> segments, long deadLetters,
                            String lastError, int version, RebuildProgress rebuild) {
        this(name, state, position, head, lagEvents, oldestUnprocessedAge, segments, deadLetters, lastError, version,
             rebuild, Map.of());
    }

    /** @return whether the projection has processed every event stored so far */
    public boolean caughtUp() {
        return lagEvents == 0;
    }
}
