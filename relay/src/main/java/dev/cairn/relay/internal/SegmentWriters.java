package dev.cairn.relay.internal;

import org.axonframework.eventhandling.Segment;
import org.axonframework.eventhandling.TrackingToken;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntFunction;

/**
 * The open {@link SegmentWriter}s of a relay in this process, by segment. A writer that failed is closed and dropped:
 * the next batch of its segment opens a new one, which fences and reads the positions again (ADR 86).
 */
public final class SegmentWriters implements AutoCloseable {

    /** The segment id of work outside a segment: dead-letter processing. */
    private static final SegmentRef RETRY = new SegmentRef(Integer.MAX_VALUE, Integer.MAX_VALUE);

    private final RelayKafka kafka;
    private final IntFunction<Segment> segments;
    private volatile RelayRegistry registry;
    private final Map<Integer, SegmentWriter> writers = new ConcurrentHashMap<>();
    private volatile boolean topicReady;
    private volatile boolean failing;

    /**
     * @param segments the segment (with its mask) the processor in this process works on, by segment id
     */
    public SegmentWriters(RelayKafka kafka, IntFunction<Segment> segments) {
        this.kafka = kafka;
        this.segments = segments;
    }

    /** Records the relay's errors in {@code registry} from now on. */
    public void attach(RelayRegistry registry) {
        this.registry = registry;
    }

    /**
     * Publishes a batch of segment {@code segmentId} ({@code -1}, with a {@code null} token: dead-letter processing).
     * A failure is recorded as the relay's last error and rethrown, failing the batch, which the processor retries.
     */
    public void publish(int segmentId, List<PendingRecord> pending, TrackingToken token) {
        int key = segmentId < 0 ? RETRY.id() : segmentId;
        SegmentWriter writer = null;
        try {
            if (!topicReady) {
                kafka.ensurePositionsTopic();
                topicReady = true;
            }
            writer = writers.get(key);
            SegmentRef segment = segmentId < 0 ? RETRY : SegmentRef.of(segments.apply(segmentId));
            if (writer != null && !writer.segment().equals(segment)) {
                writers.remove(key).close();
                writer = null;
            }
            if (writer == null) {
                writer = SegmentWriter.open(kafka, segment, segmentId >= 0);
                writers.put(key, writer);
            }
            writer.publish(pending, segmentId < 0 ? null : token);
            if (failing) {
                failing = false;
                if (registry != null) {
                    registry.clearError(kafka.relay());
                }
            }
        } catch (RuntimeException e) {
            SegmentWriter failed = writers.remove(key);
            if (failed != null) {
                failed.close();
            }
            failing = true;
            if (registry != null) {
                registry.error(kafka.relay(), describe(e), Instant.now());
            }
            throw e;
        }
    }

    private static String describe(Throwable e) {
        return e.getClass().getSimpleName() + ": " + e.getMessage();
    }

    @Override
    public void close() {
        writers.values().forEach(SegmentWriter::close);
        writers.clear();
    }
}
