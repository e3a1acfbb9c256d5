package dev.cairn.relay.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.WrappedToken;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * A record of the positions topic (ADR 86): every event of segment {@code (segmentId, mask)} that this gap-aware
 * token covers was published in a committed Kafka transaction. Its key is {@code <segmentId>/<mask>}.
 *
 * @param segmentId the segment's identifier
 * @param mask      the segment's mask
 * @param index     the highest global position passed
 * @param gaps      positions below {@code index} not yet seen (not published)
 */
public record PublishedPosition(int segmentId, int mask, long index, Set<Long> gaps) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public PublishedPosition {
        gaps = Set.copyOf(gaps);
    }

    /** @return the position {@code token} stands for after a batch of {@code segment} */
    public static PublishedPosition of(SegmentRef segment, TrackingToken token) {
        TrackingToken lower = WrappedToken.unwrapLowerBound(token);
        if (lower instanceof GapAwareTrackingToken gapAware) {
            return new PublishedPosition(segment.id(), segment.mask(), gapAware.getIndex(), gapAware.getGaps());
        }
        return new PublishedPosition(segment.id(), segment.mask(), lower == null ? -1 : lower.position().orElse(-1),
                                     Set.of());
    }

    public String key() {
        return segmentId + "/" + mask;
    }

    /**
     * @return whether the event of sequence hash {@code hash} whose tracking token is ({@code eventIndex},
     * {@code eventGaps}) was published under this position: it belongs to the segment, and the position saw every
     * global index the event's token saw (Axon's {@code covers} for gap-aware tokens; an event that filled a gap is
     * thereby judged by every index its token had seen, never skipped unless surely published)
     */
    public boolean covers(int hash, long eventIndex, Set<Long> eventGaps) {
        if (!new SegmentRef(segmentId, mask).matches(hash) || eventIndex > index || gaps.contains(eventIndex)) {
            return false;
        }
        for (long gap : gaps) {
            if (gap < eventIndex && !eventGaps.contains(gap)) {
                return false;
            }
        }
        return true;
    }

    /**
     * @return this position joined with {@code earlier} (the same segment's record before): an index counts as
     * published when either says so
     */
    public PublishedPosition merge(PublishedPosition earlier) {
        if (earlier == null) {
            return this;
        }
        Set<Long> merged = new TreeSet<>();
        for (Set<Long> candidates : List.of(gaps, earlier.gaps)) {
            for (long gap : candidates) {
                boolean unpublishedHere = gap > index || gaps.contains(gap);
                boolean unpublishedBefore = gap > earlier.index || earlier.gaps.contains(gap);
                if (unpublishedHere && unpublishedBefore) {
                    merged.add(gap);
                }
            }
        }
        return new PublishedPosition(segmentId, mask, Math.max(index, earlier.index), merged);
    }

    public byte[] toJson() {
        return ("{\"index\":" + index + ",\"gaps\":" + new TreeSet<>(gaps) + "}").replace(" ", "")
                                                                                   .getBytes(StandardCharsets.UTF_8);
    }

    /** @return the record of {@code key} ({@code <segmentId>/<mask>}) with JSON {@code value} */
    public static PublishedPosition parse(String key, byte[] value) {
        String[] parts = key.split("/");
        try {
            JsonNode node = JSON.readTree(value);
            Set<Long> gaps = new TreeSet<>();
            node.path("gaps").forEach(gap -> gaps.add(gap.asLong()));
            return new PublishedPosition(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]),
                                         node.path("index").asLong(), gaps);
        } catch (IOException e) {
            throw new UncheckedIOException("Unreadable relay position [" + key + "]", e);
        }
    }

    /**
     * @return the segments whose transactional ids a new owner of {@code segment} fences (ADR 86): its ancestors and
     * descendants under at most {@code maxSegments} segments, itself last
     */
    public static List<SegmentRef> overlapping(SegmentRef segment, int maxSegments) {
        List<SegmentRef> all = new java.util.ArrayList<>();
        for (int mask = 0; mask < maxSegments; mask = mask * 2 + 1) {
            if (mask < segment.mask()) {
                all.add(new SegmentRef(segment.id() & mask, mask));
            } else if (mask > segment.mask()) {
                for (int id = segment.id(); id <= mask; id += segment.mask() + 1) {
                    all.add(new SegmentRef(id, mask));
                }
            }
        }
        all.add(segment);
        return all;
    }
}
