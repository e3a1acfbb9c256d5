package dev.cairn.relay.internal;

import org.axonframework.eventhandling.Segment;

/**
 * A segment of a relay's processor as identifier and mask, as Axon's {@link Segment} matches sequence hashes.
 *
 * @param id   the segment identifier
 * @param mask the segment mask
 */
public record SegmentRef(int id, int mask) {

    public static SegmentRef of(Segment segment) {
        return new SegmentRef(segment.getSegmentId(), segment.getMask());
    }

    /** @return whether the event whose sequence identifier hashes to {@code hash} belongs to this segment */
    public boolean matches(int hash) {
        return (hash & mask) == id;
    }

    /** @return {@code <id>/<mask>}: the key of its record in the positions topic */
    public String key() {
        return id + "/" + mask;
    }
}
