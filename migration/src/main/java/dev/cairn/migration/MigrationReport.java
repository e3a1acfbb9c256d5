package dev.cairn.migration;

import java.time.Duration;
import java.util.List;

/**
 * What one {@link AxonMongoMigration#run()} did.
 *
 * @param sourceEvents       source events read in this run
 * @param copiedEvents       events copied in this run
 * @param alreadyCopied      source events found already in the target (an earlier run copied them)
 * @param duplicateEvents    event identifiers that occur more than once in this run's source read (the first
 *                           occurrence is copied), listed as found
 * @param conflictingEvents  events not copied because another event with a different identifier holds their
 *                           aggregate's sequence number (copied before, or earlier in the source's order): each names
 *                           the event, the aggregate and the sequence number; {@link AxonMongoMigration#verify()}
 *                           names every event holding it
 * @param snapshots          snapshots copied (or 0 with snapshots skipped)
 * @param tokenSegments      token segments converted
 * @param sagas              sagas in flight moved to Cairn's saga store (all of them, every run: a rerun brings them
 *                           up to date)
 * @param endedSagas         sagas removed from Cairn's saga store because they ended in the source since a previous
 *                           run
 * @param deadLetters        dead letters moved to Cairn's dead-letter queues (all of them, every run)
 * @param deadlines          the deadlines that cannot move, one line each (collection, identifier, times), for the
 *                           operator to schedule again; the extension itself stores none
 * @param firstGlobalIndex   global index of the first event copied in this run; 0 when none was
 * @param lastGlobalIndex    global index of the last event copied in this run; 0 when none was
 * @param dryRun             whether nothing was written
 * @param elapsed            how long the run took
 * @param notCarriedOver     what the source holds that this migration does not move (collection and count)
 */
public record MigrationReport(long sourceEvents, long copiedEvents, long alreadyCopied, List<String> duplicateEvents,
                              List<String> conflictingEvents,
                              long snapshots, long tokenSegments, long sagas, long endedSagas, long deadLetters,
                              List<String> deadlines, long firstGlobalIndex, long lastGlobalIndex,
                              boolean dryRun, Duration elapsed, List<String> notCarriedOver) {

    public MigrationReport {
        duplicateEvents = List.copyOf(duplicateEvents);
        conflictingEvents = List.copyOf(conflictingEvents);
        notCarriedOver = List.copyOf(notCarriedOver);
        deadlines = List.copyOf(deadlines);
    }

    /** @return events copied per second in this run */
    public double eventsPerSecond() {
        double seconds = elapsed.toNanos() / 1e9;
        return seconds <= 0 ? 0 : copiedEvents / seconds;
    }
}
