package dev.cairn.eventstore.mongo;

import java.time.Instant;

/**
 * What an event store holds, as operators see it ({@link EventStoreOperations#statistics(Instant)}). Counts leave out
 * the void commits earlier versions wrote over rejected appends; the head does not.
 *
 * @param events        events stored
 * @param commits       commit documents stored (one per append)
 * @param headPosition  the highest global position stored, {@code 0} in an empty store
 * @param lastCommitAt  the timestamp of the latest commit, {@code null} in an empty store
 * @param recentSince   where "recent" starts, as asked
 * @param recentCommits commits whose timestamp is at or after {@code recentSince}
 * @param recentEvents  the events of those commits
 */
public record EventStoreStatistics(long events, long commits, long headPosition, Instant lastCommitAt,
                                   Instant recentSince, long recentCommits, long recentEvents) {
}
