package dev.cairn.projections;

import java.time.Instant;

/**
 * How far a rebuild has come, read from storage.
 *
 * @param projection the projection
 * @param mode       in place or blue/green
 * @param version    the version being rebuilt (in place: the live version; blue/green: the next one)
 * @param phase      {@code RESETTING} (in place, before every token was reset), {@code REPLAYING} or
 *                   {@code SWITCHING} (blue/green, caught up, waiting for the switch)
 * @param done       events replayed so far: the lowest position the rebuilding segments reached, at most
 *                   {@code total}
 * @param total      the event store's head when the rebuild started
 * @param startedAt  when the rebuild started
 * @param by         the node that started it
 */
public record RebuildProgress(String projection, RebuildMode mode, int version, String phase, long done, long total,
                              Instant startedAt, String by) {

    /** @return the share done, from 0 to 1 ({@code 1} when there was nothing to replay) */
    public double fraction() {
        return total <= 0 ? 1.0 : Math.min(1.0, done / (double) total);
    }
}
