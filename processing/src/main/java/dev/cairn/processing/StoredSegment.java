package dev.cairn.processing;

import org.axonframework.eventhandling.TrackingToken;

import java.time.Instant;

/**
 * One segment of a processor as the token store holds it.
 *
 * @param processorName the processor (projection) name
 * @param segment       the segment identifier
 * @param token         its position, {@code null} before the first event
 * @param owner         the node holding the claim, {@code null} when unclaimed
 * @param claimedAt     when the claim was taken or last extended, {@code null} when unclaimed
 * @param updatedAt     when the token was last stored, {@code null} when never
 */
public record StoredSegment(String processorName, int segment, TrackingToken token, String owner, Instant claimedAt,
                            Instant updatedAt) {
}
