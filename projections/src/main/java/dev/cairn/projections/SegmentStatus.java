package dev.cairn.projections;

import java.time.Instant;

/**
 * One segment of a projection.
 *
 * @param segment        the segment identifier
 * @param position       the global position its token has reached, {@code null} before the first event
 * @param owner          the node holding its claim, {@code null} when none holds a live claim
 * @param claimExpiresAt when that claim expires unless extended, {@code null} without a live claim
 * @param replaying      whether it is replaying events it had processed before a reset
 * @param replayTarget   during a replay, the position at which the replay ends; {@code null} otherwise
 */
public record SegmentStatus(int segment, Long position, String owner, Instant claimExpiresAt, boolean replaying,
                            Long replayTarget) {
}
